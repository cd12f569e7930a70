// addAuthenticator tokens (Authsignal: "track an action to generate a short-lived token which can be
// used to authorize adding a new authentication method"). Minted only for an authenticated user —
// by Trustgate's own pages for the signed-in session, or (later) by a partner tracking the action
// for a user it has authenticated. 256-bit, hashed at rest, 5 minutes, single use.
import { DEVICE_REGISTRATION_TOKEN_BYTES, DEVICE_REGISTRATION_TOKEN_TTL_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { db, type Tx } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";

const TOKEN_PREFIX = "tgd_";

export interface MintedRegistrationToken {
  token: string;
  id: string;
  expiresAt: Date;
}

export function hashRegistrationToken(token: string): string {
  return sha256Hex(token);
}

/** Mints a token for the signed-in user of Trustgate's own pages (the user is the actor). */
export function mintAddAuthenticatorTokenForSession(userId: string, meta: { ip: string; requestId: string }): Promise<MintedRegistrationToken> {
  return db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId, actor: { type: "user", id: userId }, ...meta }));
}

/** Mints a token in the caller's transaction (tracking `addAuthenticator` for `userId`). */
export async function mintAddAuthenticatorToken(
  tx: Tx,
  input: { userId: string; clientId?: string | null; actor: DomainEvent["actor"]; ip?: string | null; requestId?: string | null },
  now = new Date(),
): Promise<MintedRegistrationToken> {
  const token = TOKEN_PREFIX + randomToken(DEVICE_REGISTRATION_TOKEN_BYTES);
  const row = await tx.deviceRegistrationToken.create({
    data: { tokenHash: hashRegistrationToken(token), userId: input.userId, clientId: input.clientId ?? null, expiresAt: new Date(now.getTime() + DEVICE_REGISTRATION_TOKEN_TTL_S * 1000) },
  });
  await emit(tx, {
    type: "action.tracked",
    actor: input.actor,
    userId: input.userId,
    clientId: input.clientId ?? null,
    subjectId: row.id,
    ip: input.ip,
    requestId: input.requestId,
    data: { action: "addAuthenticator" },
  });
  return { token, id: row.id, expiresAt: row.expiresAt };
}

/** The unexpired, unused token row (not consumed): registration options are bound to it. */
export async function findLiveRegistrationToken(token: string): Promise<{ id: string; userId: string; clientId: string | null }> {
  if (typeof token !== "string" || !token.startsWith(TOKEN_PREFIX) || token.length > 128) throw new ProductError("device_registration_token_invalid");
  const row = await db().deviceRegistrationToken.findUnique({ where: { tokenHash: hashRegistrationToken(token) } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) throw new ProductError("device_registration_token_invalid");
  return { id: row.id, userId: row.userId, clientId: row.clientId };
}

/** Spends the token; exactly one concurrent caller wins. */
export async function consumeRegistrationToken(id: string): Promise<void> {
  const now = new Date();
  const { count } = await db().deviceRegistrationToken.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw new ProductError("device_registration_token_invalid");
}
