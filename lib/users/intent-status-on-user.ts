// A partner's new UserIntent for a phone that already has a User (SPEC §1: a new User inherits the
// intent's status; an existing one used to keep its own, silently). When the intent is converted
// to the existing User, its review decision applies if it is stricter than the User's status:
//
//   approved < pending < retry < document < suspended < rejected
//
// Only retry, document, suspended and rejected ever apply (an approved or pending intent never
// loosens a User). The change goes through the User status machine (lib/users/status.ts), so it is
// a `user.updated` event and every linked partner gets `user_updated`. A stricter decision the
// machine forbids (an approved User can only be suspended; a suspended one only reinstated;
// rejected is final) is not applied, and `user.intent_status_kept` records why: never a silent drop.
import type { Tx } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { canTransitionUser, transitionUserStatus } from "./status";

export const USER_STATUS_STRICTNESS: Readonly<Record<UserStatus, number>> = { approved: 0, pending: 1, retry: 2, document: 3, suspended: 4, rejected: 5 };

const DECISIONS_THAT_APPLY = new Set<string>(["retry", "document", "suspended", "rejected"]);

export type IntentStatusOutcome = "applied" | "kept_not_stricter" | "kept_not_allowed" | "not_a_decision";

export async function applyIntentStatusToUser(
  tx: Tx,
  input: { userId: string; intentId: string; intentStatus: string; clientId: string; actor: DomainEvent["actor"]; ip?: string | null; requestId?: string | null },
): Promise<IntentStatusOutcome> {
  if (!DECISIONS_THAT_APPLY.has(input.intentStatus)) return "not_a_decision";
  const to = input.intentStatus as UserStatus;
  const [row] = await tx.$queryRaw<{ status: UserStatus }[]>`SELECT status::text AS status FROM users WHERE id = ${input.userId}::uuid FOR UPDATE`;
  if (!row) return "not_a_decision";
  if (USER_STATUS_STRICTNESS[to] <= USER_STATUS_STRICTNESS[row.status]) return "kept_not_stricter";
  if (!canTransitionUser(row.status, to)) {
    await emit(tx, {
      type: "user.intent_status_kept",
      actor: input.actor,
      clientId: input.clientId,
      userId: input.userId,
      subjectId: input.userId,
      ip: input.ip,
      requestId: input.requestId,
      data: { user_status: row.status, intent_status: to, user_intent_id: input.intentId, reason: `${row.status} to ${to} is not allowed by the user status machine` },
    });
    return "kept_not_allowed";
  }
  await transitionUserStatus(tx, { userId: input.userId, to, reason: `UserIntent ${input.intentId} was reviewed ${to}`, actor: input.actor, clientId: input.clientId, ip: input.ip, requestId: input.requestId });
  return "applied";
}
