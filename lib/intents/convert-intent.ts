// UserIntent → User on sign-in (SPEC §1, Astra SDK guide): when the end user authenticates through
// the authorize flow with `user_intent_id`, the User with that phone is found or created (a new
// User inherits the intent's status; an existing one takes it only when it is a stricter review
// decision — lib/users/intent-status-on-user.ts) and the intent becomes
// `converted_to_user`. After the User's phone has changed, the old intent id no longer leads to
// that User: the partner must use `user_id` (Astra: "do not include the UserIntent ID … if a
// phone change request has been successfully processed").
import type { Tx } from "@/lib/db";
import { db, sql } from "@/lib/db";
import type { UserIntent } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import { findOrCreateUserByPhone } from "@/lib/users/find-or-create";
import { applyIntentStatusToUser } from "@/lib/users/intent-status-on-user";
import { isUuid } from "@/lib/validation/ids";
import { recordIntentConversion } from "./status";

type IntentWithUser = UserIntent & { user: { id: string; phone: string } | null };

/** A converted intent whose User now has another phone must not be used to sign in. */
function convertedToOtherUser(intent: IntentWithUser): boolean {
  return intent.status === "converted_to_user" && (!intent.user || intent.user.phone !== intent.phone);
}

/**
 * The sign-in's intent when it is already converted (every step after the code meets it again): the
 * same answers as convertIntentOnSignIn, from one plain read without a transaction or a lock — a
 * converted intent never changes again. null: not converted yet (or not this client's), so the
 * caller converts (or refuses) in convertIntentOnSignIn's transaction.
 */
export async function convertedIntentOnSignIn(signIn: { intentId: string; clientId: string; phone: string }): Promise<{ userId: string; userCreated: false } | null> {
  if (!isUuid(signIn.intentId)) return null;
  const [intent] = await sql<{ phone: string; user_id: string | null; user_phone: string | null }>(
    `SELECT i.phone, u.id::text AS user_id, u.phone AS user_phone FROM user_intents i LEFT JOIN users u ON u.id = i.user_id
      WHERE i.id = $1::uuid AND i.client_id = $2 AND i.status = 'converted_to_user'`,
    [signIn.intentId, signIn.clientId],
  );
  if (!intent) return null;
  if (!intent.user_id || intent.user_phone !== intent.phone) throw new ProductError("intent_converted_to_other_user");
  if (signIn.phone !== intent.phone) throw new ProductError("intent_phone_mismatch");
  return { userId: intent.user_id, userCreated: false };
}

export async function convertIntentOnSignIn(tx: Tx, signIn: { intentId: string; clientId: string; phone: string; ip?: string | null; requestId?: string | null }): Promise<{ userId: string; userCreated: boolean }> {
  if (!isUuid(signIn.intentId)) throw new ProductError("intent_not_found");
  // Lock the intent: concurrent sign-ins with one intent queue here and the later ones see it converted.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM user_intents WHERE id = ${signIn.intentId}::uuid AND client_id = ${signIn.clientId} FOR UPDATE`;
  if (locked.length !== 1) throw new ProductError("intent_not_found");
  const intent = await tx.userIntent.findUniqueOrThrow({ where: { id: signIn.intentId }, include: { user: { select: { id: true, phone: true } } } });

  if (intent.status === "converted_to_user") {
    if (convertedToOtherUser(intent)) throw new ProductError("intent_converted_to_other_user");
    if (signIn.phone !== intent.phone) throw new ProductError("intent_phone_mismatch");
    return { userId: intent.user!.id, userCreated: false };
  }
  if (signIn.phone !== intent.phone) throw new ProductError("intent_phone_mismatch");

  const context = { clientId: signIn.clientId, ip: signIn.ip, requestId: signIn.requestId };
  const { user, created } = await findOrCreateUserByPhone(tx, intent.phone, intent.status, {
    ...context,
    profile: { email: intent.email, firstName: intent.firstName, lastName: intent.lastName },
    source: "user_intent",
  });
  await recordIntentConversion(tx, { ...context, intentId: intent.id, from: intent.status, userId: user.id, actor: { type: "user", id: user.id } });
  if (!created) await applyIntentStatusToUser(tx, { ...context, userId: user.id, intentId: intent.id, intentStatus: intent.status, actor: { type: "system" } });
  return { userId: user.id, userCreated: created };
}

export type IntentAuthorizeCheck = { ok: true; intent: UserIntent } | { ok: false; code: "intent_not_found" | "intent_converted_to_other_user" };

/**
 * For GET /login/oauth/authorize before the user signs in: a developer-facing error page is
 * better than a sign-in that can only fail. Another client's intent is "not found".
 */
export async function checkIntentForAuthorize(clientId: string, intentId: string): Promise<IntentAuthorizeCheck> {
  if (!isUuid(intentId)) return { ok: false, code: "intent_not_found" };
  const intent = await db().userIntent.findFirst({ where: { id: intentId, clientId }, include: { user: { select: { id: true, phone: true } } } });
  if (!intent) return { ok: false, code: "intent_not_found" };
  if (convertedToOtherUser(intent)) return { ok: false, code: "intent_converted_to_other_user" };
  const row: UserIntent & { user?: unknown } = { ...intent };
  delete row.user;
  return { ok: true, intent: row };
}
