// Every guessable secret is either rate limited or too long to guess (ASVS 5.0 V6.3 anti-automation,
// NIST 800-63B §5.2.2, RFC 6749 §10.10): SMS codes (attempt cap, per-phone and per-IP caps on sends
// and on failed verifications), client secrets (failure throttle per IP), and the 256-bit one-time
// secrets — trusted-auth session tokens, refresh tokens, authorization codes — single use, even
// when presented concurrently.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { CLIENT_AUTH_FAILURES_PER_IP, SMS_CODE_MAX_ATTEMPTS, SMS_RESEND_COOLDOWN_S, SMS_SENDS_PER_IP, SMS_SENDS_PER_PHONE, SMS_VERIFY_FAILURES_PER_IP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode, verifySignInCode } from "@/lib/sms/sign-in-code";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { basicAuth, createTestClient, formRequest } from "../support/fixtures";
import { createTestUser, mintCode, redeemCode, refresh, signIn } from "../support/oauth-fixtures";
import { exchangeVia, mintVia, newPhone, trustedPartner, userOf, verificationBody } from "../support/trusted-auth";

let ipSeq = 1;
const newIp = () => `198.18.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

async function codeSentTo(phone: string): Promise<string> {
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = message?.body.match(/code is (\d{6})\./)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function passCooldown(phone: string): Promise<void> {
  await db().$executeRaw`UPDATE sms_codes SET created_at = created_at - make_interval(secs => ${SMS_RESEND_COOLDOWN_S + 1}) WHERE phone = ${phone}`;
}

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

/** Decoded bytes of a prefixed base64url secret (`tgr_…`, `tat_…`, or bare). */
const entropyBytes = (secret: string) => Buffer.from(secret.replace(/^[a-z]+_/, ""), "base64url").length;

describe("SMS codes", () => {
  it("rate-limit-sms-code-attempt-cap: 5 wrong guesses kill the code", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    for (let i = 0; i < SMS_CODE_MAX_ATTEMPTS; i++) expect((await verifySignInCode({ phone, code: wrong(code), ip })).ok).toBe(false);
    // That address is now delayed; from anywhere the killed code stays dead.
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: false, reason: "attempts_exhausted" });
  });

  it("rate-limit-sms-code-attempt-cap under 30 parallel guesses", async () => {
    const phone = newPhone();
    const ip = newIp();
    await requestSignInCode({ phone, ip });
    const code = await codeSentTo(phone);
    // From the requester's own address: at most 5 guesses are ever counted, then the code is dead.
    await Promise.all(Array.from({ length: 30 }, () => verifySignInCode({ phone, code: wrong(code), ip })));
    expect((await db().smsCode.findFirstOrThrow({ where: { phone } })).attempts).toBe(SMS_CODE_MAX_ATTEMPTS);
    expect((await verifySignInCode({ phone, code, ip: newIp() })).ok).toBe(false);
    // From 30 other addresses at once: strangers share one budget of 5 per code, and it never spends the requester's.
    const other = newPhone();
    const owner = newIp();
    await requestSignInCode({ phone: other, ip: owner });
    const otherCode = await codeSentTo(other);
    await Promise.all(Array.from({ length: 30 }, () => verifySignInCode({ phone: other, code: wrong(otherCode), ip: newIp() })));
    expect(await db().smsCode.findFirstOrThrow({ where: { phone: other } })).toMatchObject({ attempts: 0, foreignAttempts: SMS_CODE_MAX_ATTEMPTS });
    expect(await verifySignInCode({ phone: other, code: otherCode, ip: owner })).toEqual({ ok: true });
  });

  it("rate-limit-sms-verify-failures-per-ip: one address guessing many phones is stopped", async () => {
    pinClockMidHour();
    const ip = newIp();
    for (let i = 0; i < SMS_VERIFY_FAILURES_PER_IP; i++) await verifySignInCode({ phone: newPhone(), code: "000000", ip });
    const phone = newPhone();
    await requestSignInCode({ phone, ip: newIp() });
    const code = await codeSentTo(phone);
    expect(await verifySignInCode({ phone, code, ip })).toEqual({ ok: false, reason: "rate_limited" });
    // The phone's owner elsewhere is not locked out.
    expect(await verifySignInCode({ phone, code, ip: newIp() })).toEqual({ ok: true });
  });

  it("rate-limit-sms-sends-per-phone: SMS bombing one number is capped", async () => {
    pinClockMidHour();
    const phone = newPhone();
    for (let i = 0; i < SMS_SENDS_PER_PHONE; i++) {
      await requestSignInCode({ phone, ip: newIp() });
      await passCooldown(phone);
    }
    const error = await productErrorOf(requestSignInCode({ phone, ip: newIp() }));
    expect(error.code).toBe("sms_rate_limited");
    expect(error.status).toBe(429);
    expect(await listOutboxMessages({ to: phone })).toHaveLength(SMS_SENDS_PER_PHONE);
  });

  it("rate-limit-sms-sends-per-ip: SMS pumping from one address is capped", async () => {
    pinClockMidHour();
    const ip = newIp();
    for (let i = 0; i < SMS_SENDS_PER_IP; i++) await requestSignInCode({ phone: newPhone(), ip });
    const phone = newPhone();
    expect((await productErrorOf(requestSignInCode({ phone, ip }))).code).toBe("sms_rate_limited");
    expect(await listOutboxMessages({ to: phone })).toHaveLength(0);
  });
});

describe("client secrets", () => {
  let partner: CreatedClient;
  beforeAll(async () => {
    partner = await createTestClient();
  });

  const attempt = (secret: string, ip: string) => tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { ip, headers: { Authorization: basicAuth(partner.client_id, secret) } }));

  it("rate-limit-client-secret-failures: an address guessing secrets is throttled with Retry-After", async () => {
    const ip = newIp();
    for (let i = 0; i < CLIENT_AUTH_FAILURES_PER_IP; i++) expect((await attempt(`guess-${i}`, ip)).status).toBe(401);
    const throttled = await attempt("guess-final", ip);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Object.keys((await throttled.json()) as object).sort()).toEqual(["error", "error_description"]);
    // The partner itself, from its own address, is not locked out.
    expect((await attempt(partner.client_secret!, newIp())).status).toBe(200);
  });

  it("rate-limit-client-secret-256-bit", () => {
    expect(entropyBytes(partner.client_secret!)).toBeGreaterThanOrEqual(32);
  });
});

describe("one-time secrets: 256 bits, single use, concurrency-safe", () => {
  let partner: CreatedClient;
  let api: CustomerApi;
  let customerSeq = 0;

  beforeAll(async () => {
    api = await startCustomerApi();
    partner = await trustedPartner(api.url);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function mintSessionToken(): Promise<string> {
    const user = await userOf(partner);
    customerSeq += 1;
    const customerId = `cus_sec_${customerSeq}`;
    api.answer(customerId, respond.json(seedCustomer({ customer_id: customerId, phone: user.phone, lastAuthenticationTime: new Date(Date.now() - 3600_000).toISOString() })));
    const minted = await mintVia(partner, verificationBody({ user_id: user.id }, customerId));
    if (minted.status !== 200) throw new Error(JSON.stringify(minted.body));
    return minted.body.token;
  }

  it("trusted-auth-session-token-256-bit-single-use", async () => {
    const token = await mintSessionToken();
    expect(entropyBytes(token)).toBeGreaterThanOrEqual(32);
    expect((await exchangeVia(partner, { session_token: token })).status).toBe(200);
    const again = await exchangeVia(partner, { session_token: token });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("session_token_invalid");
  });

  it("trusted-auth-session-token: 20 concurrent exchanges, exactly one wins", async () => {
    const token = await mintSessionToken();
    const results = await Promise.all(Array.from({ length: 20 }, () => exchangeVia(partner, { session_token: token })));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
  });

  it("trusted-auth-session-token: guessed tokens are refused and change nothing", async () => {
    const before = await db().trustedAuthToken.count({ where: { consumedAt: { not: null } } });
    for (const guess of ["tat_", "tat_AAAA", `tat_${"A".repeat(43)}`, "x".repeat(200)]) {
      const result = await exchangeVia(partner, { session_token: guess });
      expect(result.status).toBe(400);
    }
    expect(await db().trustedAuthToken.count({ where: { consumedAt: { not: null } } })).toBe(before);
  });

  it("refresh-token-256-bit-single-use: 20 concurrent refreshes, exactly one wins", async () => {
    const tokens = await signIn(partner, await createTestUser(), { scope: "openid offline_access" });
    expect(entropyBytes(tokens.refresh_token!)).toBeGreaterThanOrEqual(32);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(partner, tokens.refresh_token!)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect((await refresh(partner, `tgr_${"A".repeat(43)}`)).body.error).toBe("invalid_grant");
  });

  it("authorization-code-256-bit-single-use: 20 concurrent redemptions, exactly one wins", async () => {
    const code = await mintCode(partner, await createTestUser());
    expect(entropyBytes(code)).toBeGreaterThanOrEqual(32);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(partner, code)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
  });
});
