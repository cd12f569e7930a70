import { afterEach, describe, expect, it, vi } from "vitest";
import { SMS_CODE_MAX_ATTEMPTS, SMS_RESEND_COOLDOWN_S, SMS_SENDS_PER_IP, SMS_SENDS_PER_PHONE, SMS_VERIFY_FAILURES_PER_IP } from "@/lib/config/limits";
import { hmacSha256Hex } from "@/lib/crypto/hmac";
import { sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode, verifySignInCode } from "@/lib/sms/sign-in-code";

let phoneSeq = 100;
let ipSeq = 1;
const newPhone = () => `+1415555${String(phoneSeq++).padStart(4, "0")}`;
const newIp = () => `198.51.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

/** The code in the newest outbox message to `phone`. */
async function codeSentTo(phone: string): Promise<string> {
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = message?.body.match(/code is (\d{6})\./)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** Moves the phone's codes back in time, keeping their order, as if the cooldown had passed. */
async function passCooldown(phone: string): Promise<void> {
  await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function productErrorOf(promise: Promise<unknown>): Promise<ProductError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProductError);
  return error as ProductError;
}

/** Rate-limit windows are fixed hours: pin the clock mid-hour so a test never straddles two windows. */
function pinClockMidHour(): void {
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(hour + 30 * 60_000);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("SMS sign-in codes", () => {
  it("sends a 6-digit code into the outbox with a WebOTP line and audits it without the code", async () => {
    const phone = newPhone();
    const before = Date.now();
    const sent = await requestSignInCode({ phone, ip: newIp() });
    expect(sent.resendAvailableAt.getTime()).toBeGreaterThanOrEqual(before + SMS_RESEND_COOLDOWN_S * 1000);
    expect(sent.expiresAt.getTime() - sent.resendAvailableAt.getTime()).toBe((300 - SMS_RESEND_COOLDOWN_S) * 1000);

    const [message] = await listOutboxMessages({ to: phone });
    const code = await codeSentTo(phone);
    expect(message!.body).toBe(`Your Trustgate code is ${code}. It expires in 5 minutes. Never share it.\n\n@localhost #${code}`);

    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "sms_code.sent", subjectId: row.id } });
    expect(JSON.stringify(event)).not.toContain(code);
  });

  it("stores an HMAC of the code keyed from TRUSTGATE_SECRET, never the code or its plain hash", async () => {
    const phone = newPhone();
    await requestSignInCode({ phone, ip: newIp() });
    const code = await codeSentTo(phone);
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.codeHash).toBe(hmacSha256Hex("sms-code", code));
    expect(row.codeHash).not.toBe(sha256Hex(code));
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it("accepts the right code exactly once", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: true });
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "invalid" });
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.consumedAt).not.toBeNull();
    expect(await db().auditEvent.count({ where: { type: "sms_code.verified", subjectId: row.id } })).toBe(1);
  });

  it("keeps codes apart by purpose", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip, purpose: "phone_change" });
    const code = await codeSentTo(phone);
    expect((await verifySignInCode({ phone, code, ip })).ok).toBe(false);
    expect(await verifySignInCode({ phone, code, ip, purpose: "phone_change" })).toEqual({ ok: true });
  });

  it("sms-code-attempt-cap: after 5 wrong codes the code is dead, even for the right one", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    for (let left = SMS_CODE_MAX_ATTEMPTS - 1; left >= 1; left--) {
      expect(await verifySignInCode({ phone, code: wrong(code), ip })).toEqual({ ok: false, reason: "invalid", attemptsLeft: left });
    }
    expect(await verifySignInCode({ phone, code: wrong(code), ip })).toEqual({ ok: false, reason: "attempts_exhausted", attemptsLeft: 0 });
    // This address is now delayed (5 failures in a minute); from anywhere the code stays dead.
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: false, reason: "attempts_exhausted" });

    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.attempts).toBe(SMS_CODE_MAX_ATTEMPTS);
    expect(row.invalidatedAt).not.toBeNull();
    expect(row.consumedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { type: "sms_code.failed", subjectId: row.id } })).toBe(SMS_CODE_MAX_ATTEMPTS + 1);
  });

  it("sms-code-attempt-cap holds under parallel guessing: 12 simultaneous wrong codes spend exactly 5 attempts", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    const results = await Promise.all(Array.from({ length: 12 }, () => verifySignInCode({ phone, code: wrong(code), ip })));
    expect(results.every((result) => !result.ok)).toBe(true);
    expect(results.filter((result) => !result.ok && result.reason === "attempts_exhausted" && result.attemptsLeft === 0)).toHaveLength(1);
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.attempts).toBe(SMS_CODE_MAX_ATTEMPTS);
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: false, reason: "attempts_exhausted" });
  });

  it("sms-code-wrong-length-spends-no-try: a code that cannot be one is refused before it is counted", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    for (const malformed of ["12", "12345", `${code}0`, ` ${code}`, "abcdef"]) {
      expect(await verifySignInCode({ phone, code: malformed, ip }), malformed).toEqual({ ok: false, reason: "malformed" });
    }
    expect((await db().smsCode.findFirstOrThrow({ where: { phone } })).attempts).toBe(0);
    const wrong = code === "000000" ? "000001" : "000000";
    expect(await verifySignInCode({ phone, code: wrong, ip })).toEqual({ ok: false, reason: "invalid", attemptsLeft: 4 });
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: true });
  });

  it("refuses an expired code without spending an attempt", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    await db().smsCode.updateMany({ where: { phone }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "expired" });
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.attempts).toBe(0);
    expect(row.consumedAt).toBeNull();
  });

  it("answers invalid when no code was ever sent", async () => {
    expect(await verifySignInCode({ phone: newPhone(), code: "123456", ip: newIp() })).toEqual({ ok: false, reason: "invalid" });
  });

  it("enforces the resend cooldown and says how long to wait", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const error = await productErrorOf(requestSignInCode({ phone, ip }));
    expect(error.code).toBe("sms_resend_too_soon");
    expect(error.status).toBe(429);
    const seconds = Number(error.description.match(/wait (\d+) seconds?/)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(SMS_RESEND_COOLDOWN_S);
    expect(await db().smsCode.count({ where: { phone } })).toBe(1);
    expect(await listOutboxMessages({ to: phone })).toHaveLength(1);

    await passCooldown(phone);
    await requestSignInCode({ phone, ip });
    expect(await db().smsCode.count({ where: { phone } })).toBe(2);
  });

  it("the resend cooldown holds under parallel requests: 8 at once send one code", async () => {
    const phone = newPhone();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => requestSignInCode({ phone, ip: newIp() })));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect((outcome.reason as ProductError).code).toBe("sms_resend_too_soon");
    }
    expect(await db().smsCode.count({ where: { phone } })).toBe(1);
    expect(await listOutboxMessages({ to: phone })).toHaveLength(1);
  });

  it("a newer code invalidates the older one", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const first = await codeSentTo(phone);
    await passCooldown(phone);
    await requestSignInCode({ phone, ip });
    const second = await codeSentTo(phone);
    if (first === second) return; // one chance in a million: nothing to tell apart

    expect((await verifySignInCode({ phone, code: first, ip })).ok).toBe(false);
    expect(await verifySignInCode({ phone, code: second, ip })).toEqual({ ok: true });
    const rows = await db().smsCode.findMany({ where: { phone }, orderBy: { createdAt: "asc" } });
    expect(rows[0]!.invalidatedAt).not.toBeNull();
    expect(rows[0]!.consumedAt).toBeNull();
  });

  it("answers the same whether or not a user owns the phone (no user enumeration)", async () => {
    const owned = newPhone();
    const unowned = newPhone();
    await db().user.create({ data: { phone: owned } });
    const ip = newIp();
    const a = await requestSignInCode({ phone: owned, ip });
    const b = await requestSignInCode({ phone: unowned, ip });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Math.abs(a.expiresAt.getTime() - b.expiresAt.getTime())).toBeLessThan(5_000);
    expect(await verifySignInCode({ phone: owned, code: wrong(await codeSentTo(owned)), ip })).toEqual(await verifySignInCode({ phone: unowned, code: wrong(await codeSentTo(unowned)), ip }));
  });

  it("caps codes sent to one phone per hour", async () => {
    pinClockMidHour();
    const phone = newPhone();
    for (let i = 0; i < SMS_SENDS_PER_PHONE; i++) {
      await requestSignInCode({ phone, ip: newIp() });
      await passCooldown(phone);
    }
    const error = await productErrorOf(requestSignInCode({ phone, ip: newIp() }));
    expect(error.code).toBe("sms_rate_limited");
    expect(error.description).toMatch(/try again in \d+ minutes?/);
    expect(await listOutboxMessages({ to: phone, limit: 100 })).toHaveLength(SMS_SENDS_PER_PHONE);
  });

  it("caps codes requested from one IP per hour", async () => {
    pinClockMidHour();
    const ip = newIp();
    for (let i = 0; i < SMS_SENDS_PER_IP; i++) await requestSignInCode({ phone: newPhone(), ip });
    const phone = newPhone();
    expect((await productErrorOf(requestSignInCode({ phone, ip }))).code).toBe("sms_rate_limited");
    expect(await listOutboxMessages({ to: phone })).toHaveLength(0);
    // Another address is not affected.
    await requestSignInCode({ phone, ip: newIp() });
  });

  it("wrong codes for a phone from elsewhere do not lock its owner out (failures count per code and per phone and IP)", async () => {
    pinClockMidHour();
    const phone = newPhone();
    const owner = newIp();
    await requestSignInCode({ phone, ip: owner });
    const code = await codeSentTo(phone);
    for (let i = 0; i < 20; i++) {
      expect((await verifySignInCode({ phone, code: wrong(code), ip: newIp() })).ok).toBe(false);
    }
    // Strangers spent their own budget on this code, not the owner's.
    expect(await db().smsCode.findFirstOrThrow({ where: { phone }, orderBy: { createdAt: "desc" } })).toMatchObject({ attempts: 0, foreignAttempts: 5 });
    expect(await verifySignInCode({ phone, code, ip: owner })).toEqual({ ok: true });
  });

  it("caps failed verifications per IP", async () => {
    pinClockMidHour();
    const ip = newIp();
    for (let i = 0; i < SMS_VERIFY_FAILURES_PER_IP; i++) {
      expect((await verifySignInCode({ phone: newPhone(), code: "000000", ip })).ok).toBe(false);
    }
    const phone = newPhone();
    await requestSignInCode({ phone, ip: newIp() });
    const code = await codeSentTo(phone);
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: true });
  });

  it("20 parallel verifications of the right code: exactly one succeeds", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    const results = await Promise.all(Array.from({ length: 20 }, () => verifySignInCode({ phone, code, ip })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.consumedAt).not.toBeNull();
    expect(row.attempts).toBeLessThanOrEqual(SMS_CODE_MAX_ATTEMPTS);
    expect(await db().auditEvent.count({ where: { type: "sms_code.verified", subjectId: row.id } })).toBe(1);
  });
});
