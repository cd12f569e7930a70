// End users' authenticator apps: enrolment, recovery codes, and the second step of the SMS
// sign-in — a right SMS code alone never yields a session once an app is on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setAuthenticatorClock } from "@/lib/authenticator/clock";
import { normalizeRecoveryCode, recoveryCodeHash } from "@/lib/second-factor/recovery-codes";
import { removeUserAuthenticatorApp } from "@/lib/second-factor/remove-user-app";
import { redeemSecondFactor, SECOND_FACTOR_REQUIRED, SecondFactorError } from "@/lib/second-factor/second-factor";
import { authenticatorAppState, confirmAuthenticatorApp, regenerateRecoveryCodes, requiresSecondFactor, startAuthenticatorAppEnrolment, turnOffAuthenticatorApp } from "@/lib/second-factor/user-app";
import { RECOVERY_CODE_COUNT, SECOND_FACTOR_TICKET_MAX_ATTEMPTS, SECOND_FACTOR_TICKET_TTL_S, SMS_RESEND_COOLDOWN_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { SecondFactorRequired, signInWithSmsCode, SignInError } from "@/lib/sign-in/sms-sign-in";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { findOrCreateUserByPhone } from "@/lib/users/find-or-create";
import { appCode } from "../support/authenticator";

let now = Math.floor(Date.now() / 30_000) * 30_000 + 1_000;
let phoneSeq = 7100;
let ipSeq = 1;

beforeAll(() => setAuthenticatorClock(() => now));
afterAll(() => setAuthenticatorClock(null));
beforeEach(() => {
  now += 10 * 30_000;
});

/** A user who turned on an authenticator app; returns the app's otpauth URI and recovery codes. */
async function userWithApp() {
  const phone = `+1415555${phoneSeq++}`;
  const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone));
  await startAuthenticatorAppEnrolment(user.id);
  const state = await authenticatorAppState(user.id, phone);
  if (state.kind !== "enrolling") throw new Error("expected an enrolment in progress");
  const confirmed = await confirmAuthenticatorApp(user.id, await appCode(state.uri, now), null);
  if (!confirmed.ok) throw new Error(`confirmation failed: ${confirmed.reason}`);
  now += 30_000;
  return { user, phone, uri: state.uri, recoveryCodes: confirmed.recoveryCodes };
}

/** Signs in with the SMS code from the outbox; returns the second-factor ticket it must yield. */
async function smsStep(phone: string): Promise<string> {
  const ip = `198.51.100.${ipSeq++}`;
  // As if the resend cooldown had passed since this phone's previous code.
  await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
  await requestSignInCode({ phone, ip });
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = /code is (\d{6})\./.exec(message!.body)![1]!;
  const error = await signInWithSmsCode({ phone, code, requestId: null, ip }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignInError);
  expect(error).toBeInstanceOf(SecondFactorRequired);
  // next-auth puts the message into a URL: it says "second factor", never the ticket.
  expect((error as Error).message).toBe(SECOND_FACTOR_REQUIRED);
  return (error as SecondFactorRequired).ticket;
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecondFactorError);
  return (error as SecondFactorError).reason;
}

describe("enrolment", () => {
  it("confirms the app with a code and issues 10 single-use recovery codes stored only as keyed hashes", async () => {
    const { user, uri, recoveryCodes } = await userWithApp();
    expect(new URL(uri).searchParams.get("issuer")).toBe("Trustgate");
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    const rows = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.codeHash).sort()).toEqual(recoveryCodes.map((c) => recoveryCodeHash(normalizeRecoveryCode(c)!)).sort());
    expect(JSON.stringify(rows)).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await db().auditEvent.count({ where: { type: "user.authenticator_app_added", userId: user.id } })).toBe(1);
    const state = await authenticatorAppState(user.id, user.phone);
    expect(state).toMatchObject({ kind: "on", recoveryCodesLeft: RECOVERY_CODE_COUNT });
  });

  it("refuses a wrong confirmation code and leaves the app off", async () => {
    const phone = `+1415555${phoneSeq++}`;
    const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone));
    await startAuthenticatorAppEnrolment(user.id);
    const state = await authenticatorAppState(user.id, phone);
    if (state.kind !== "enrolling") throw new Error("expected an enrolment");
    const right = await appCode(state.uri, now);
    expect(await confirmAuthenticatorApp(user.id, right === "123456" ? "654321" : "123456", null)).toEqual({ ok: false, reason: "invalid" });
    expect((await authenticatorAppState(user.id, phone)).kind).toBe("enrolling");
    // Without a confirmed app, the SMS code alone still signs in.
    await requestSignInCode({ phone, ip: "198.51.100.200" });
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    const signedIn = await signInWithSmsCode({ phone, code: /code is (\d{6})\./.exec(message!.body)![1]!, requestId: null, ip: "198.51.100.200" });
    expect(signedIn).toMatchObject({ id: user.id, authMethod: "sms_otp" });
  });

  it("regenerating recovery codes needs a fresh authenticator code and retires the old codes", async () => {
    const { user, phone, uri, recoveryCodes } = await userWithApp();
    const fresh = await regenerateRecoveryCodes(user.id, await appCode(uri, now), null);
    if (!fresh.ok) throw new Error(fresh.reason);
    expect(fresh.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    const ticket = await smsStep(phone);
    expect(await reasonOf(redeemSecondFactor({ ticket, method: "recovery_code", code: recoveryCodes[0]!, ip: "x" }))).toBe("second_factor_invalid");
    await expect(redeemSecondFactor({ ticket, method: "recovery_code", code: fresh.recoveryCodes[0]!, ip: "x" })).resolves.toMatchObject({ id: user.id });
  });
});

describe("SMS + second factor sign-in", () => {
  it("the SMS code yields only a ticket; the authenticator code turns it into the session, once", async () => {
    const { user, phone, uri } = await userWithApp();
    const ticket = await smsStep(phone);
    const row = await db().secondFactorTicket.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).not.toContain(ticket);
    expect(await reasonOf(redeemSecondFactor({ ticket, method: "totp", code: "000000" === (await appCode(uri, now)) ? "111111" : "000000", ip: "x" }))).toBe("second_factor_invalid");
    const session = await redeemSecondFactor({ ticket, method: "totp", code: await appCode(uri, now), ip: "x" });
    expect(session).toMatchObject({ id: user.id, phone, authMethod: "sms_otp" });
    const signedIn = await db().auditEvent.findFirstOrThrow({ where: { type: "user.signed_in", userId: user.id }, orderBy: { createdAt: "desc" } });
    expect(signedIn.data).toEqual({ auth_method: "sms_otp", second_factor: "totp" });
    // The ticket is spent, and the code's time step too.
    now += 30_000;
    expect(await reasonOf(redeemSecondFactor({ ticket, method: "totp", code: await appCode(uri, now), ip: "x" }))).toBe("second_factor_expired");
    const next = await smsStep(phone);
    expect(await reasonOf(redeemSecondFactor({ ticket: next, method: "totp", code: await appCode(uri, now - 30_000), ip: "x" }))).toBe("second_factor_replayed");
  });

  it("a recovery code works once; the same code on a later sign-in is refused", async () => {
    const { user, phone, recoveryCodes } = await userWithApp();
    const first = await smsStep(phone);
    await expect(redeemSecondFactor({ ticket: first, method: "recovery_code", code: recoveryCodes[3]!.toLowerCase(), ip: "x" })).resolves.toMatchObject({ id: user.id });
    const second = await smsStep(phone);
    expect(await reasonOf(redeemSecondFactor({ ticket: second, method: "recovery_code", code: recoveryCodes[3]!, ip: "x" }))).toBe("second_factor_invalid");
    expect((await authenticatorAppState(user.id, phone)).kind === "on" && (await authenticatorAppState(user.id, phone))).toMatchObject({ recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
  });

  it("a ticket allows 5 tries and lives 5 minutes", async () => {
    const { phone, uri } = await userWithApp();
    const ticket = await smsStep(phone);
    for (let i = 0; i < SECOND_FACTOR_TICKET_MAX_ATTEMPTS; i++) {
      expect(await reasonOf(redeemSecondFactor({ ticket, method: "recovery_code", code: "AAAAA-AAAAA", ip: "x" }))).toBe("second_factor_invalid");
    }
    expect(await reasonOf(redeemSecondFactor({ ticket, method: "totp", code: await appCode(uri, now), ip: "x" }))).toBe("second_factor_expired");

    const late = await smsStep(phone);
    now += SECOND_FACTOR_TICKET_TTL_S * 1000 + 1_000;
    expect(await reasonOf(redeemSecondFactor({ ticket: late, method: "totp", code: await appCode(uri, now), ip: "x" }))).toBe("second_factor_expired");
    expect(await reasonOf(redeemSecondFactor({ ticket: "not-a-ticket", method: "totp", code: "123456", ip: "x" }))).toBe("second_factor_expired");
  });

  it("20 concurrent redemptions of one ticket with different recovery codes: exactly one session", async () => {
    const { phone, recoveryCodes } = await userWithApp();
    const ticket = await smsStep(phone);
    const codes = [...recoveryCodes, ...recoveryCodes];
    const results = await Promise.allSettled(codes.map((code) => redeemSecondFactor({ ticket, method: "recovery_code", code, ip: "x" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(SecondFactorError);
  });

  it("an operator removes a lost app (audited); the SMS code alone signs in again", async () => {
    const { user, phone } = await userWithApp();
    const removed = await removeUserAuthenticatorApp(user.id, "lost phone, identity checked on a call", { type: "cli" });
    expect(removed).toEqual({ user_id: user.id, removed: true });
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { type: "user.authenticator_app_removed", userId: user.id } })).toBe(1);
    await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
    await requestSignInCode({ phone, ip: "198.51.100.201" });
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    await expect(signInWithSmsCode({ phone, code: /code is (\d{6})\./.exec(message!.body)![1]!, requestId: null, ip: "198.51.100.201" })).resolves.toMatchObject({ id: user.id });
  });

  it("the user turns the app off with a current code only; then the SMS code alone signs in", async () => {
    const { user, phone, uri } = await userWithApp();
    const right = await appCode(uri, now);
    expect(await turnOffAuthenticatorApp(user.id, right === "123456" ? "654321" : "123456", null)).toEqual({ ok: false, reason: "invalid" });
    expect(await requiresSecondFactor(user.id)).toBe(true);
    expect(await turnOffAuthenticatorApp(user.id, right, null)).toEqual({ ok: true });
    expect(await requiresSecondFactor(user.id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { type: "user.authenticator_app_removed", userId: user.id } })).toBe(1);
    await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
    await requestSignInCode({ phone, ip: "198.51.100.202" });
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    await expect(signInWithSmsCode({ phone, code: /code is (\d{6})\./.exec(message!.body)![1]!, requestId: null, ip: "198.51.100.202" })).resolves.toMatchObject({ id: user.id });
  });
});
