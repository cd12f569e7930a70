// The second step of the hosted SMS sign-in for users with an authenticator app. A right SMS code
// does not sign such a user in: it yields a ticket (256-bit, stored hashed, single use, 5 minutes,
// 5 tries) that only an authenticator code or a recovery code turns into a session. So no session
// ever exists with one factor. The browser keeps the ticket in an httpOnly cookie
// (lib/sign-in/second-factor-cookie.ts); it never appears in a URL or an error string.
import { SECOND_FACTOR_TICKET_MAX_ATTEMPTS, SECOND_FACTOR_TICKET_TTL_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import type { SessionUser } from "@/lib/sessions/session-user";
import { authenticatorNow } from "@/lib/authenticator/clock";
import { consumeRecoveryCode, normalizeRecoveryCode } from "@/lib/second-factor/recovery-codes";
import { verifyAuthenticatorAppCode } from "@/lib/second-factor/user-app-code";

export { SECOND_FACTOR_REQUIRED } from "@/lib/second-factor/second-factor-required";

export type SecondFactorMethod = "totp" | "recovery_code";

export type SecondFactorFailure = "second_factor_malformed" | "second_factor_invalid" | "second_factor_replayed" | "second_factor_locked" | "second_factor_expired";

export class SecondFactorError extends Error {
  constructor(readonly reason: SecondFactorFailure) {
    super(reason);
  }
}

export async function issueSecondFactorTicket(input: { userId: string; phone: string; authorizationRequestId: string | null; ip: string }): Promise<string> {
  const ticket = randomToken(32);
  await db().$transaction(async (tx) => {
    await tx.secondFactorTicket.create({
      data: {
        tokenHash: sha256Hex(ticket),
        userId: input.userId,
        phone: input.phone,
        authorizationRequestId: input.authorizationRequestId,
        expiresAt: new Date(authenticatorNow() + SECOND_FACTOR_TICKET_TTL_S * 1000),
      },
    });
    await emit(tx, { type: "user.second_factor_required", actor: { type: "user", id: input.userId }, userId: input.userId, ip: input.ip, data: { after: "sms_otp" } });
  });
  return ticket;
}

/** Redeems ticket + code for the signed-in user, or throws SecondFactorError. */
export async function redeemSecondFactor(input: { ticket: string; method: SecondFactorMethod; code: string; ip: string }): Promise<SessionUser> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.ticket)) throw new SecondFactorError("second_factor_expired");
  // A code that cannot be one (wrong length, wrong characters) is refused before it costs a try.
  const wellFormed = input.method === "totp" ? /^\d{6}$/.test(input.code.replace(/\s/g, "")) : normalizeRecoveryCode(input.code) !== null;
  if (!wellFormed) throw new SecondFactorError("second_factor_malformed");
  const tokenHash = sha256Hex(input.ticket);
  const now = new Date(authenticatorNow());
  // Spend a try first, in its own statement: a wrong code must still count.
  const tried = await db().secondFactorTicket.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now }, attempts: { lt: SECOND_FACTOR_TICKET_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (tried.count !== 1) throw new SecondFactorError("second_factor_expired");

  const outcome = await db().$transaction(async (tx) => {
    const ticket = await tx.secondFactorTicket.findUniqueOrThrow({ where: { tokenHash } });
    const verified =
      input.method === "totp"
        ? await verifyAuthenticatorAppCode(tx, ticket.userId, input.code, { confirming: false, ip: input.ip })
        : (await consumeRecoveryCode(tx, ticket.userId, input.code, now))
          ? ({ ok: true } as const)
          : ({ ok: false, reason: "invalid" } as const);
    if (!verified.ok) {
      await emit(tx, { type: "user.second_factor_failed", actor: { type: "user", id: ticket.userId }, userId: ticket.userId, ip: input.ip, data: { method: input.method, reason: verified.reason } });
      return { ok: false as const, reason: verified.reason };
    }
    // The ticket is single use: a concurrent redemption that lost must not also sign in.
    const spent = await tx.secondFactorTicket.updateMany({ where: { id: ticket.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw new SecondFactorError("second_factor_expired");
    const request = ticket.authorizationRequestId ? await tx.authorizationRequest.findUnique({ where: { id: ticket.authorizationRequestId }, select: { clientId: true } }) : null;
    await emit(tx, {
      type: "user.signed_in",
      actor: { type: "user", id: ticket.userId },
      userId: ticket.userId,
      clientId: request?.clientId ?? null,
      ip: input.ip,
      data: { auth_method: "sms_otp", second_factor: input.method },
    });
    return { ok: true as const, userId: ticket.userId, phone: ticket.phone };
  });
  if (!outcome.ok) {
    throw new SecondFactorError(outcome.reason === "replayed" ? "second_factor_replayed" : outcome.reason === "locked" ? "second_factor_locked" : "second_factor_invalid");
  }
  return { id: outcome.userId, phone: outcome.phone, authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000), secondFactor: true };
}
