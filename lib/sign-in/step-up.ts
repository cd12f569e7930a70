// The second factor on top of an existing session: a trusted-auth session of a user with an
// authenticator app (the partner's own login is not this user's second factor at Trustgate).
// The app's code or a recovery code marks the session's second factor done (amr + "swk", "mfa").
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { authenticatorNow } from "@/lib/authenticator/clock";
import { consumeRecoveryCode } from "@/lib/second-factor/recovery-codes";
import type { SecondFactorFailure, SecondFactorMethod } from "@/lib/second-factor/second-factor";
import { verifyAuthenticatorAppCode } from "@/lib/second-factor/user-app-code";
import { markSecondFactorDone, type Session } from "@/lib/sessions/session";

export async function stepUpWithSecondFactor(input: { session: Pick<Session, "id" | "userId">; method: SecondFactorMethod; code: string; ip: string | null }): Promise<{ ok: true } | { ok: false; reason: SecondFactorFailure }> {
  return db().$transaction(async (tx) => {
    const userId = input.session.userId;
    const verified =
      input.method === "totp"
        ? await verifyAuthenticatorAppCode(tx, userId, input.code, { confirming: false, ip: input.ip })
        : (await consumeRecoveryCode(tx, userId, input.code, new Date(authenticatorNow())))
          ? ({ ok: true } as const)
          : ({ ok: false, reason: "invalid" } as const);
    if (!verified.ok) {
      await emit(tx, { type: "user.second_factor_failed", actor: { type: "user", id: userId }, userId, ip: input.ip, data: { method: input.method, reason: verified.reason, step_up: true } });
      const reason: SecondFactorFailure = verified.reason === "replayed" ? "second_factor_replayed" : verified.reason === "locked" ? "second_factor_locked" : "second_factor_invalid";
      return { ok: false as const, reason };
    }
    await markSecondFactorDone(input.session.id, tx);
    await emit(tx, { type: "user.second_factor_passed", actor: { type: "user", id: userId }, userId, subjectId: input.session.id, ip: input.ip, data: { method: input.method, step_up: true } });
    return { ok: true as const };
  });
}
