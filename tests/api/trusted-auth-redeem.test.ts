// Redeeming trusted-auth session tokens: on /login/oauth/authorize (sign-in without SMS, then the
// usual routing and consent) and on /v1/partner/identity/token (tokens without UI). One use only,
// 60 s, bound to client and user or intent; every refusal is audited and never a silent success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { recordConsent } from "@/lib/authorize/consent";
import { finishWithCode, nextStep } from "@/lib/authorize/next-step";
import type { CreatedClient } from "@/lib/clients/create-client";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/sessions/current-session";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { signInWithSessionToken } from "@/lib/trusted-auth/authorize-sign-in";
import { redeemSessionToken } from "@/lib/trusted-auth/redeem-token";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { apiRequest, BASE_URL } from "../support/fixtures";
import { redeemCode, refresh, verifyWithJwks } from "../support/oauth-fixtures";
import { exchangeVia, intentOf, mintVia, trustedPartner, userOf, verificationBody } from "../support/trusted-auth";

let api: CustomerApi;
let partner: CreatedClient;
let other: CreatedClient;
let customerCounter = 0;
const AUTHENTICATED_AT = new Date(Date.now() - 3 * 24 * 3600 * 1000);

beforeAll(async () => {
  api = await startCustomerApi();
  partner = await trustedPartner(api.url);
  other = await trustedPartner(api.url);
});

afterAll(async () => {
  await api?.close();
});

/** A fresh token from the real mint endpoint, the customer API vouching for `phone`. */
async function mint(client: CreatedClient, reference: { user_id?: string; user_intent_id?: string }, phone: string): Promise<string> {
  customerCounter += 1;
  const customerId = `cus_${customerCounter}`;
  api.answer(customerId, respond.json(seedCustomer({ customer_id: customerId, phone, lastAuthenticationTime: AUTHENTICATED_AT.toISOString() })));
  const result = await mintVia(client, verificationBody(reference, customerId));
  if (result.status !== 200) throw new Error(`mint failed: ${JSON.stringify(result.body)}`);
  return result.body.token;
}

async function authorize(client: CreatedClient, params: Record<string, string>) {
  const query = new URLSearchParams({ client_id: client.client_id, redirect_uri: client.redirect_uris[0]!, response_type: "code", scope: "openid phone", state: "st-1", ...params });
  const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
  const location = response.headers.get("location") ?? "";
  const rid = /[?&]rid=([^&]+)/.exec(location)?.[1] ?? null;
  return { response, location, rid, cookie: response.headers.get("set-cookie") };
}

/** The session the cookie names, read as every route reads it (lib/sessions/current-session.ts). */
async function sessionFrom(cookie: string | null): Promise<SessionUser> {
  const value = /^next-auth\.session-token=([^;]+)/.exec(cookie ?? "")?.[1];
  const session = await currentSessionUser(new Request("http://localhost/", { headers: { cookie: `next-auth.session-token=${value}` } }));
  if (!session) throw new Error("no session cookie");
  return session;
}

async function lastRejection(clientId = partner.client_id) {
  return db().auditEvent.findFirst({ where: { type: "trusted_auth.token_rejected", clientId }, orderBy: { createdAt: "desc" } });
}

const isConsumed = async (token: string) => Boolean((await db().trustedAuthToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } })).consumedAt);

describe("session_token on /login/oauth/authorize", () => {
  it("a user's token signs in with trusted_auth (no SMS), then routing, consent and a code with auth_method trusted_auth", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const { response, location, rid, cookie } = await authorize(partner, { session_token: token });
    expect(response.status).toBe(302);
    expect(location).toBe(`/login/continue?rid=${rid}`);
    expect(cookie).toMatch(/^next-auth\.session-token=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    const session = await sessionFrom(cookie);
    expect(session).toMatchObject({
      id: user.id,
      phone: user.phone,
      authMethod: "trusted_auth",
      authTime: Math.floor(AUTHENTICATED_AT.getTime() / 1000),
      boundClientId: partner.client_id,
      boundRequestId: rid,
      secondFactor: false,
    });
    expect(await db().smsCode.count({ where: { phone: user.phone } })).toBe(0);

    // The partner sent no user_id: the request is now bound to the token's user.
    const request = (await loadAuthorizationRequest(rid!))!;
    expect(request.expectedUserId).toBe(user.id);
    const step = await nextStep(request, session); // consent for openid is remembered; phone is new
    expect(step.kind).toBe("consent");
    await recordConsent(user.id, partner.client_id, ["openid", "phone"]);
    const done = await finishWithCode(request, session);
    expect(done.kind).toBe("redirect");
    const callback = new URL((done as { location: string }).location);
    expect(callback.searchParams.get("state")).toBe("st-1");
    const tokens = await redeemCode(partner, callback.searchParams.get("code")!);
    expect(tokens.status).toBe(200);
    const { payload } = await verifyWithJwks(tokens.body.access_token, { audience: BASE_URL, typ: "at+jwt" });
    expect(payload).toMatchObject({ sub: user.id, auth_method: "trusted_auth", auth_time: Math.floor(AUTHENTICATED_AT.getTime() / 1000) });

    expect(await db().auditEvent.findFirst({ where: { type: "user.signed_in", userId: user.id } })).toMatchObject({ data: { auth_method: "trusted_auth" } });
    expect(await db().auditEvent.findFirst({ where: { type: "trusted_auth.token_redeemed", userId: user.id } })).toMatchObject({ data: { via: "authorize" } });
  });

  it("an intent's token with its user_intent_id converts the intent and signs its new user in", async () => {
    const intent = await intentOf(partner);
    const token = await mint(partner, { user_intent_id: intent.id }, intent.phone);
    const { location, rid, cookie } = await authorize(partner, { session_token: token, user_intent_id: intent.id });
    expect(location).toBe(`/login/continue?rid=${rid}`);
    const session = await sessionFrom(cookie);
    const converted = await db().userIntent.findUniqueOrThrow({ where: { id: intent.id } });
    expect(converted).toMatchObject({ status: "converted_to_user", userId: session.id });
    expect(session).toMatchObject({ phone: intent.phone, authMethod: "trusted_auth" });
    const step = await nextStep((await loadAuthorizationRequest(rid!))!, session);
    expect(step.kind).toBe("consent"); // a new (pending) user consents as usual
  });

  it("an intent's token without its user_intent_id, or with another user_id, falls back to the sign-in page with a notice", async () => {
    const intent = await intentOf(partner);
    const token = await mint(partner, { user_intent_id: intent.id }, intent.phone);
    const missing = await authorize(partner, { session_token: token });
    expect(missing.location).toBe(`/login?rid=${missing.rid}&error=trusted_auth_failed`);
    expect(missing.cookie).toBeNull();
    expect((await lastRejection())?.data).toMatchObject({ reason: "user_intent_id_mismatch", via: "authorize" });
    expect(await isConsumed(token)).toBe(true); // presented with the wrong binding: spent

    const user = await userOf(partner);
    const someoneElse = await userOf(partner);
    const userToken = await mint(partner, { user_id: user.id }, user.phone);
    const wrongUser = await authorize(partner, { session_token: userToken, user_id: someoneElse.id });
    expect(wrongUser.location).toBe(`/login?rid=${wrongUser.rid}&error=trusted_auth_failed`);
    expect(wrongUser.cookie).toBeNull();
    expect((await lastRejection())?.data).toMatchObject({ reason: "user_id_mismatch" });
  });

  it("a second use falls back to sign-in with a notice", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    expect((await authorize(partner, { session_token: token })).cookie).not.toBeNull();
    const again = await authorize(partner, { session_token: token });
    expect(again.location).toBe(`/login?rid=${again.rid}&error=trusted_auth_failed`);
    expect(again.cookie).toBeNull();
    expect((await lastRejection())?.data).toMatchObject({ reason: "already_used" });
  });

  it("an expired token (clock moved 61 s) falls back to sign-in with a notice", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const { rid } = await authorize(partner, { session_token: "placeholder" }); // a valid request to sign in on
    const later = new Date(Date.now() + 61_000);
    const result = await signInWithSessionToken({ requestId: rid!, sessionToken: token, ip: "203.0.113.7", httpRequestId: "t-exp", now: later });
    expect(result).toEqual({ location: `/login?rid=${rid}&error=trusted_auth_failed`, setCookie: null });
    expect((await lastRejection())?.data).toMatchObject({ reason: "expired" });
    expect(await isConsumed(token)).toBe(false);
  });

  it("another client's token falls back to sign-in and stays usable by its own client", async () => {
    const user = await userOf(other);
    const token = await mint(other, { user_id: user.id }, user.phone);
    const stolen = await authorize(partner, { session_token: token });
    expect(stolen.location).toBe(`/login?rid=${stolen.rid}&error=trusted_auth_failed`);
    expect(stolen.cookie).toBeNull();
    expect((await lastRejection())?.data).toMatchObject({ reason: "other_client" });
    expect(await isConsumed(token)).toBe(false);
    expect((await authorize(other, { session_token: token })).cookie).not.toBeNull();
  });

  it("an unknown client or redirect_uri is still an error page, and the token is left alone", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const page = await authorize(partner, { session_token: token, redirect_uri: "https://evil.example/cb" });
    expect(page.response.status).toBe(400);
    expect(page.location).toBe("");
    expect(await isConsumed(token)).toBe(false);
  });

  it("a user whose phone changed since the token was minted is not signed in", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    await db().user.update({ where: { id: user.id }, data: { phone: "+14155550199" } });
    const changed = await authorize(partner, { session_token: token });
    expect(changed.cookie).toBeNull();
    expect((await lastRejection())?.data).toMatchObject({ reason: "user_changed" });
  });

  it("20 concurrent redemptions on authorize: exactly one session", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const results = await Promise.all(Array.from({ length: 20 }, () => authorize(partner, { session_token: token })));
    expect(results.filter((result) => result.cookie !== null)).toHaveLength(1);
    expect(results.filter((result) => result.location.endsWith("error=trusted_auth_failed"))).toHaveLength(19);
  });
});

describe("POST /v1/partner/identity/token", () => {
  it("exchanges a user's token for access, refresh and id tokens (auth_method trusted_auth), never cached", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const result = await exchangeVia(partner, { session_token: token, user_id: user.id, scope: "openid phone" });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect(result.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openid phone", user_id: user.id });
    const access = await verifyWithJwks(result.body.access_token, { audience: BASE_URL, typ: "at+jwt" });
    expect(access.payload).toMatchObject({ sub: user.id, auth_method: "trusted_auth", scope: "openid phone" });
    const id = await verifyWithJwks(result.body.id_token!, { audience: partner.client_id, typ: "JWT" });
    expect(id.payload).toMatchObject({ sub: user.id, auth_method: "trusted_auth", amr: ["mfa"] });
    expect(id.payload.phone_number).toBeUndefined(); // the token has `phone`, but the user consented to `openid` only
    const refreshed = await refresh(partner, result.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(await db().auditEvent.count({ where: { type: "trusted_auth.tokens_issued", userId: user.id } })).toBe(1);
  });

  it("without openid there is no id_token; an intent's token needs its user_intent_id and yields its new user", async () => {
    const user = await userOf(partner);
    const plain = await exchangeVia(partner, { session_token: await mint(partner, { user_id: user.id }, user.phone), scope: "phone" });
    expect(plain.status).toBe(200);
    expect(plain.body.id_token).toBeUndefined();

    const intent = await intentOf(partner);
    const missing = await exchangeVia(partner, { session_token: await mint(partner, { user_intent_id: intent.id }, intent.phone) });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("session_token_mismatch");
    const ok = await exchangeVia(partner, { session_token: await mint(partner, { user_intent_id: intent.id }, intent.phone), user_intent_id: intent.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await db().userIntent.findUniqueOrThrow({ where: { id: intent.id } })).userId).toBe(ok.body.user_id);
  });

  it("reuse, expiry (injected clock), unknown and another client's tokens are all session_token_invalid", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    expect((await exchangeVia(partner, { session_token: token })).status).toBe(200);
    const reused = await exchangeVia(partner, { session_token: token });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("session_token_invalid");
    expect((await lastRejection())?.data).toMatchObject({ reason: "already_used", via: "token_endpoint" });

    const unknown = await exchangeVia(partner, { session_token: "tat_notatoken" });
    expect(unknown.body.error).toBe("session_token_invalid");

    const expiring = await mint(partner, { user_id: user.id }, user.phone);
    const late = await redeemSessionToken({ token: expiring, clientId: partner.client_id, userId: null, userIntentId: null, via: "token_endpoint", ip: "203.0.113.7", requestId: "t", now: new Date(Date.now() + 61_000) });
    expect(late).toEqual({ ok: false, reason: "expired" });
    const onTime = await redeemSessionToken({ token: expiring, clientId: partner.client_id, userId: null, userIntentId: null, via: "token_endpoint", ip: "203.0.113.7", requestId: "t", now: new Date(Date.now() + 55_000) });
    expect(onTime.ok).toBe(true);

    const theirs = await userOf(other);
    const theirToken = await mint(other, { user_id: theirs.id }, theirs.phone);
    const stolen = await exchangeVia(partner, { session_token: theirToken });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe("session_token_invalid");
    expect(await isConsumed(theirToken)).toBe(false);
  });

  it("both ids, a suspended user and a client that switched trusted auth off are refused", async () => {
    const user = await userOf(partner);
    const both = await exchangeVia(partner, { session_token: "tat_x", user_id: user.id, user_intent_id: user.id });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe("user_reference_ambiguous");

    const token = await mint(partner, { user_id: user.id }, user.phone);
    await db().user.update({ where: { id: user.id }, data: { status: "suspended" } });
    const blocked = await exchangeVia(partner, { session_token: token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toBe("trusted_auth_account_blocked");
    await db().user.update({ where: { id: user.id }, data: { status: "approved" } });

    const next = await mint(partner, { user_id: user.id }, user.phone);
    await updateTrustedAuth(partner.client_id, { enabled: false }, { type: "cli" });
    try {
      const off = await exchangeVia(partner, { session_token: next });
      expect(off.status).toBe(403);
      expect(off.body.error).toBe("trusted_auth_not_enabled");
    } finally {
      await updateTrustedAuth(partner.client_id, { enabled: true }, { type: "cli" });
    }
  });

  it("20 concurrent exchanges of one token: exactly one set of tokens", async () => {
    const user = await userOf(partner);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const results = await Promise.all(Array.from({ length: 20 }, () => exchangeVia(partner, { session_token: token })));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 400 && result.body.error === "session_token_invalid")).toHaveLength(19);
    expect(await db().auditEvent.count({ where: { type: "trusted_auth.tokens_issued", userId: user.id } })).toBe(1);
  });
});

describe("housekeeping", () => {
  it("expired tokens are purged a day after expiry, fresh ones kept", async () => {
    const { purgeExpired } = await import("@/lib/maintenance/purge-expired");
    const base = { clientId: partner.client_id, phone: "+14155550100", provider: "Unit", lastAuthenticatedAt: new Date() };
    await db().trustedAuthToken.createMany({
      data: [
        { ...base, tokenHash: "old-hash", expiresAt: new Date(Date.now() - 2 * 24 * 3600 * 1000) },
        { ...base, tokenHash: "fresh-hash", expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    expect((await purgeExpired()).trustedAuthTokens).toBe(1);
    expect(await db().trustedAuthToken.findUnique({ where: { tokenHash: "fresh-hash" } })).not.toBeNull();
  });
});
