// Who may finish an authorization request — the ONE module every sign-in method and the flow ask.
// The partner can lock a request to a phone (`phone` + `phone_read_only`), to a user (`user_id`)
// or to a UserIntent (`user_intent_id`, converted to a User here and nowhere else).
import type { AuthorizationRequest } from "@/lib/authorize/authorization-request";
import { db, sql } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { convertedIntentOnSignIn, convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { findOrCreateSignInUser, findOrCreateUserByPhone } from "@/lib/users/find-or-create";
import { findUserById } from "@/lib/users/user-row";

type Binding = Pick<AuthorizationRequest, "phone" | "phoneReadOnly" | "expectedUserId">;

/** The phone a sign-in for this request must prove, when the partner fixed it (else null). */
export async function lockedPhone(request: Binding | null): Promise<string | null> {
  if (!request) return null;
  if (request.expectedUserId) return (await findUserById(request.expectedUserId))?.phone ?? "";
  return request.phoneReadOnly ? request.phone : null;
}

/** Whether `user` (id and the phone it proved) may finish the request: the partner's locks hold. */
export function userMatchesRequest(request: Binding, user: { id: string; phone: string }): boolean {
  if (request.expectedUserId && request.expectedUserId !== user.id) return false;
  if (request.phoneReadOnly && request.phone !== user.phone) return false;
  return true;
}

export type IntentProblem = "intent_phone_mismatch" | "intent_converted_to_other_user" | "intent_not_found";

/**
 * Converts the request's UserIntent for the user signing in with `phone` (idempotent: a converted
 * intent is only checked). Returns the user id, or the problem — which is audited, never swallowed.
 */
export async function linkIntent(
  request: Pick<AuthorizationRequest, "userIntentId" | "clientId">,
  phone: string,
  context: { ip?: string | null; requestId?: string | null } = {},
): Promise<{ userId: string; userCreated: boolean } | { problem: IntentProblem }> {
  if (!request.userIntentId) throw new Error("linkIntent needs a request with user_intent_id");
  const intentId = request.userIntentId;
  try {
    // Converted already (every step after the code): one plain read; else the locked conversion.
    return (
      (await convertedIntentOnSignIn({ intentId, clientId: request.clientId, phone })) ??
      (await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId, clientId: request.clientId, phone, ip: context.ip, requestId: context.requestId })))
    );
  } catch (error) {
    if (error instanceof ProductError && (error.code === "intent_phone_mismatch" || error.code === "intent_converted_to_other_user" || error.code === "intent_not_found")) {
      const code = error.code;
      await db().$transaction((tx) =>
        emit(tx, { type: "user_intent.link_refused", actor: { type: "system" }, clientId: request.clientId, subjectId: intentId, ip: context.ip ?? null, requestId: context.requestId ?? null, data: { reason: code } }),
      );
      return { problem: code };
    }
    throw error;
  }
}

/** The user a sign-in with a proven `phone` lands on for this request (through its intent, if any). */
export async function userForSignIn(request: Pick<AuthorizationRequest, "userIntentId" | "clientId"> | null, phone: string, context: { ip?: string | null } = {}): Promise<string> {
  if (request?.userIntentId) {
    const linked = await linkIntent(request, phone, context);
    if ("userId" in linked) return linked.userId;
    // The problem is audited; the flow shows it on its own page (assessRequest meets it again).
  }
  // The phone's user, when there is one (most sign-ins): one plain read, no transaction.
  const [existing] = await sql<{ id: string }>(`SELECT id::text AS id FROM users WHERE phone = $1`, [phone]);
  if (existing) return existing.id;
  return (await findOrCreateSignInUser(phone)) ?? (await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone))).user.id;
}
