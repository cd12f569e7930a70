// Review decisions on users and intents. The dashboard offers exactly the decisions the status
// machines (lib/users/status.ts, lib/intents/status.ts) allow from the current status, and the
// server re-checks through those machines — which also emit the `user.updated` /
// `user_intent.updated` domain events that become partner webhooks.
import { z } from "zod";
import { db } from "@/lib/db";
import type { UserIntentStatus, UserStatus } from "@/lib/db/generated/enums";
import { ProductError } from "@/lib/errors/product";
import { transitionIntentStatus, USER_INTENT_STATUS_TRANSITIONS } from "@/lib/intents/status";
import { transitionUserStatus, USER_STATUS_TRANSITIONS } from "@/lib/users/status";

/** What a reviewer can decide; `pending` is reached only by a verification submission. */
export const DECISIONS = ["approve", "retry", "document", "reject", "suspend", "reinstate"] as const;
export type Decision = (typeof DECISIONS)[number];
export const decisionSchema = z.enum(DECISIONS, { error: "unknown decision" });

const TARGET: Record<Decision, UserStatus> = {
  approve: "approved",
  retry: "retry",
  document: "document",
  reject: "rejected",
  suspend: "suspended",
  reinstate: "approved",
};

export const DECISION_LABELS: Record<Decision, string> = {
  approve: "Approve",
  retry: "Request retry",
  document: "Request document",
  reject: "Reject",
  suspend: "Suspend",
  reinstate: "Reinstate",
};

/** approve and reinstate both lead to `approved`: reinstate is the name when lifting a suspension. */
function decisionMatches(decision: Decision, from: UserStatus | UserIntentStatus, allowed: readonly string[]): boolean {
  if (!allowed.includes(TARGET[decision])) return false;
  if (decision === "reinstate") return from === "suspended";
  if (decision === "approve") return from !== "suspended";
  return true;
}

export function decisionsFor(kind: "user" | "intent", from: UserStatus | UserIntentStatus): Decision[] {
  const allowed = kind === "user" ? USER_STATUS_TRANSITIONS[from as UserStatus] : USER_INTENT_STATUS_TRANSITIONS[from as UserIntentStatus];
  return DECISIONS.filter((decision) => decisionMatches(decision, from, allowed ?? []));
}

export interface DecisionInput {
  kind: "user" | "intent";
  id: string;
  decision: string;
  reason: string;
  adminId: string;
  ip?: string | null;
  requestId?: string | null;
}

/** Applies one decision in its own transaction; illegal ones throw invalid_status_transition. */
export async function decide(input: DecisionInput): Promise<{ from: string; to: string }> {
  const parsed = decisionSchema.safeParse(input.decision);
  if (!parsed.success) throw new ProductError("validation_failed", "Unknown decision");
  const decision = parsed.data;
  const actor = { type: "admin" as const, id: input.adminId };
  return db().$transaction(async (tx) => {
    if (input.kind === "user") {
      // The machine checks from → to; the names approve/reinstate are checked here against the row it locked.
      const { from, user } = await transitionUserStatus(tx, { userId: input.id, to: TARGET[decision], reason: input.reason, actor, ip: input.ip, requestId: input.requestId });
      if (!decisionMatches(decision, from, USER_STATUS_TRANSITIONS[from])) throw new ProductError("invalid_status_transition", `${DECISION_LABELS[decision]} is not allowed for a ${from} user`);
      return { from, to: user.status };
    }
    const { from, intent } = await transitionIntentStatus(tx, { intentId: input.id, to: TARGET[decision], reason: input.reason, actor, ip: input.ip, requestId: input.requestId });
    if (!decisionMatches(decision, from, USER_INTENT_STATUS_TRANSITIONS[from])) throw new ProductError("invalid_status_transition", `${DECISION_LABELS[decision]} is not allowed for a ${from} intent`);
    return { from, to: intent.status };
  });
}
