// SMS sign-in an attacker cannot block (ASVS 6.1.1: anti-automation without malicious lockout),
// while a guesser still meets the per-code cap and NIST SP 800-63B §5.2.2's per-account cap.
// The model and its numbers: docs/security.md, "SMS sign-in an attacker cannot block".
import { afterEach, describe, expect, it, vi } from "vitest";
import { SMS_ACCOUNT_FAILURE_CAP, SMS_ACCOUNT_FAILURE_WINDOW_S, SMS_CODE_MAX_ATTEMPTS, SMS_RESEND_COOLDOWN_S, SMS_SENDS_PER_PHONE, SMS_SENDS_PER_PHONE_PER_IP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode, verifySignInCode } from "@/lib/sms/sign-in-code";
import { newPhone } from "../support/trusted-auth";

let ipSeq = 1;
const newIp = () => `198.19.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function codeSentTo(phone: string): Promise<string> {
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = message?.body.match(/code is (\d{6})\./)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** Moves every code for the phone back past the resend cooldown (instead of waiting 30 s). */
async function passCooldown(phone: string): Promise<void> {
  await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
}

/** Sends a code, or says why not. */
async function send(phone: string, ip: string): Promise<"sent" | string> {
  try {
    await requestSignInCode({ phone, ip });
    return "sent";
  } catch (error) {
    if (error instanceof ProductError) return error.code;
    throw error;
  } finally {
    await passCooldown(phone);
    vi.setSystemTime(Date.now() + 1000); // the clock is pinned: keep codes in order
  }
}

/** Windows are fixed: pin the clock mid-hour (and at a minute's start) so no test straddles two. */
function pinClock(): void {
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(hour + 30 * 60_000);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sms-lockout", () => {
  it("20 wrong codes and 10 sends from another IP, then the victim signs in with their own code", async () => {
    pinClock();
    const victim = newPhone();
    const attacker = newIp();
    // 20 wrong-code posts for the victim's phone with no code outstanding: they cost the attacker.
    for (let i = 0; i < 20; i++) expect((await verifySignInCode({ phone: victim, code: "123456", ip: attacker })).ok).toBe(false);
    // 10 code requests: the attacker's share of the phone's budget is 3.
    const sends = [];
    for (let i = 0; i < 10; i++) sends.push(await send(victim, attacker));
    expect(sends.filter((outcome) => outcome === "sent")).toHaveLength(SMS_SENDS_PER_PHONE_PER_IP);
    expect(sends.filter((outcome) => outcome === "sms_rate_limited")).toHaveLength(10 - SMS_SENDS_PER_PHONE_PER_IP);

    // The victim, from their own (new) address: a code arrives, and their right code works.
    const home = newIp();
    expect(await send(victim, home)).toBe("sent");
    expect(await verifySignInCode({ phone: victim, code: await codeSentTo(victim), ip: home })).toEqual({ ok: true });
  });

  it("20 wrong codes and 10 sends from 10 other IPs (the phone's whole budget), then the victim signs in from an address they used before", async () => {
    pinClock();
    const victim = newPhone();
    const home = newIp();
    // The victim signed in from home earlier.
    await send(victim, home);
    expect(await verifySignInCode({ phone: victim, code: await codeSentTo(victim), ip: home })).toEqual({ ok: true });

    // A distributed attacker: sends from 10 addresses spend the phone's budget for strangers (the
    // victim's first code, sent before home was known, took one of the 10)…
    for (let i = 0; i < SMS_SENDS_PER_PHONE - 1; i++) expect(await send(victim, newIp())).toBe("sent");
    expect(await send(victim, newIp())).toBe("sms_rate_limited");
    // …and 20 wrong codes from 20 addresses against the live code.
    const live = await codeSentTo(victim);
    for (let i = 0; i < 20; i++) expect((await verifySignInCode({ phone: victim, code: wrong(live), ip: newIp() })).ok).toBe(false);

    // Home is not held to the strangers' budget, and its own code's tries are untouched.
    expect(await send(victim, home)).toBe("sent");
    const own = await codeSentTo(victim);
    for (let i = 0; i < 20; i++) await verifySignInCode({ phone: victim, code: wrong(own), ip: newIp() });
    expect(await db().smsCode.findFirstOrThrow({ where: { phone: victim }, orderBy: { createdAt: "desc" } })).toMatchObject({ attempts: 0, foreignAttempts: SMS_CODE_MAX_ATTEMPTS });
    expect(await verifySignInCode({ phone: victim, code: own, ip: home })).toEqual({ ok: true });
  });

  it("a single guesser cannot exceed the per-code cap: at most 5 guesses per code from the requester's side, 5 from everyone else", async () => {
    pinClock();
    const phone = newPhone();
    const guesser = newIp();
    await send(phone, guesser);
    const code = await codeSentTo(phone);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => verifySignInCode({ phone, code: wrong(code), ip: i % 2 ? guesser : newIp() })));
    expect(results.every((result) => !result.ok)).toBe(true);
    const row = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(row.attempts).toBeLessThanOrEqual(SMS_CODE_MAX_ATTEMPTS);
    expect(row.foreignAttempts).toBeLessThanOrEqual(SMS_CODE_MAX_ATTEMPTS);
    // The same address keeps guessing: delayed, and nothing more is counted.
    for (let i = 0; i < 10; i++) expect(await verifySignInCode({ phone, code: wrong(code), ip: guesser })).toMatchObject({ ok: false });
    const after = await db().smsCode.findFirstOrThrow({ where: { phone } });
    expect(after.attempts + after.foreignAttempts).toBeLessThanOrEqual(2 * SMS_CODE_MAX_ATTEMPTS);
  });

  it("the per-account cap holds (NIST SP 800-63B §5.2.2: 100 consecutive failures), counts only guesses at a live code, and a success resets it", async () => {
    pinClock();
    const phone = newPhone();
    const owner = newIp();
    // 99 failed guesses at live codes so far (as 20 codes' worth over days would leave it).
    const windowStart = new Date(Math.floor(Date.now() / (SMS_ACCOUNT_FAILURE_WINDOW_S * 1000)) * SMS_ACCOUNT_FAILURE_WINDOW_S * 1000);
    const key = `sms-verify-fail:account:${phone}`;
    await db().rateLimitBucket.create({ data: { key, windowStart, count: SMS_ACCOUNT_FAILURE_CAP - 1, expiresAt: new Date(windowStart.getTime() + SMS_ACCOUNT_FAILURE_WINDOW_S * 1000) } });
    // Guesses with no code outstanding do not move it.
    for (let i = 0; i < 5; i++) await verifySignInCode({ phone, code: "000000", ip: newIp() });
    expect((await db().rateLimitBucket.findFirstOrThrow({ where: { key } })).count).toBe(SMS_ACCOUNT_FAILURE_CAP - 1);
    // A right code still works at 99, and resets the run.
    await send(phone, owner);
    expect(await verifySignInCode({ phone, code: await codeSentTo(phone), ip: owner })).toEqual({ ok: true });
    expect(await db().rateLimitBucket.count({ where: { key } })).toBe(0);

    // Back at 99, the 100th failure at a live code reaches the cap: then even the right code is refused, from anywhere.
    await db().rateLimitBucket.create({ data: { key, windowStart, count: SMS_ACCOUNT_FAILURE_CAP - 1, expiresAt: new Date(windowStart.getTime() + SMS_ACCOUNT_FAILURE_WINDOW_S * 1000) } });
    await send(phone, owner);
    const code = await codeSentTo(phone);
    expect((await verifySignInCode({ phone, code: wrong(code), ip: newIp() })).ok).toBe(false);
    expect((await db().rateLimitBucket.findFirstOrThrow({ where: { key } })).count).toBe(SMS_ACCOUNT_FAILURE_CAP);
    expect(await verifySignInCode({ phone, code, ip: owner })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: false, reason: "rate_limited" });
  });
});
