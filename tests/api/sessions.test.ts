// End-user sessions as server-side rows (issue 15): the cookie names a row that is checked on every
// use; sign-out, device revocation, phone change and suspension end it; a trusted-auth session is
// bound to its one request; prompt/max_age; RP-initiated and back-channel logout.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute, POST as authorizePostRoute } from "@/app/login/oauth/authorize/route";
import { endUserSessionsAsAdmin } from "@/lib/admin/end-user-sessions";
import { GET as logoutGet } from "@/app/v1/oauth/logout/route";
import { POST as phoneChangeRoute } from "@/app/v1/user/phone_change_request/route";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, nextStep } from "@/lib/authorize/next-step";
import { setAuthenticatorClock } from "@/lib/authenticator/clock";
import type { CreatedClient } from "@/lib/clients/create-client";
import { setLogoutSettings } from "@/lib/clients/logout-settings";
import { END_USER_SESSION_IDLE_S, END_USER_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/db/generated/client";
import { revokeDevice } from "@/lib/devices/manage-devices";
import { BACKCHANNEL_LOGOUT_EVENT } from "@/lib/logout/logout-token";
import { authenticatorAppState, confirmAuthenticatorApp, startAuthenticatorAppEnrolment } from "@/lib/second-factor/user-app";
import { CAPABILITY_TABLE, may, type Capability } from "@/lib/sessions/capabilities";
import { currentSessionUser, toSessionUser, type SessionUser } from "@/lib/sessions/current-session";
import { createSession, resolveSession } from "@/lib/sessions/session";
import { signOut } from "@/lib/sign-in/sign-out";
import { stepUpWithSecondFactor } from "@/lib/sign-in/step-up";
import { signInWithSmsCode } from "@/lib/sign-in/sms-sign-in";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { transitionUserStatus } from "@/lib/users/status";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { appCode } from "../support/authenticator";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { apiRequest, BASE_URL, createTestClient, formRequest } from "../support/fixtures";
import { redeemCode, refresh } from "../support/oauth-fixtures";
import { intentOf, mintVia, newPhone, trustedPartner, userOf, verificationBody } from "../support/trusted-auth";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let api: CustomerApi;
let partner: CreatedClient;
let other: CreatedClient;
let receiver: WebhookReceiver;
let customerSeq = 0;
let ipSeq = 1;

beforeAll(async () => {
  [api, receiver] = await Promise.all([startCustomerApi(), startWebhookReceiver()]);
  partner = await trustedPartner(api.url);
  other = await createTestClient({ name: "Other Bank" });
});

afterAll(async () => {
  await api?.close();
  await receiver?.close();
});

const cookieRequest = (token: string | null) => new Request(`${BASE_URL}/`, { headers: token ? { cookie: `next-auth.session-token=${token}` } : {} });

async function newUser(phone = newPhone()) {
  return db().user.create({ data: { phone, status: "approved" } });
}

async function session(user: { id: string; phone: string }, extra: Partial<{ authMethod: AuthMethod; deviceId: string; authTime: number }> = {}) {
  return createSession({ userId: user.id, phone: user.phone, authMethod: extra.authMethod ?? "sms_otp", authTime: extra.authTime ?? Math.floor(Date.now() / 1000), deviceId: extra.deviceId ?? null });
}

async function authorize(client: CreatedClient, params: Record<string, string> = {}) {
  const query = new URLSearchParams({ client_id: client.client_id, redirect_uri: client.redirect_uris[0]!, response_type: "code", scope: "openid phone", state: "st-1", ...params });
  const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
  const location = response.headers.get("location") ?? "";
  const rid = /[?&]rid=([^&]+)/.exec(location)?.[1] ?? null;
  const token = /next-auth\.session-token=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? null;
  return { response, location, rid, token };
}

/**
 * A pending request, as a partner's form POST leaves it (stored, then the /login/continue bounce):
 * for tests that take the next step themselves with a session of their choosing. A GET decides
 * the first step at once (see "GET authorize decides the first step itself").
 */
async function startRequest(client: CreatedClient, params: Record<string, string> = {}) {
  const form = { client_id: client.client_id, redirect_uri: client.redirect_uris[0]!, response_type: "code", scope: "openid phone", state: "st-1", ...params };
  const response = await authorizePostRoute(formRequest("/login/oauth/authorize", form));
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(/^\/login\/continue\?rid=/);
  return { response, location, rid: /[?&]rid=([^&]+)/.exec(location)![1]! };
}

async function mint(client: CreatedClient, reference: { user_id?: string; user_intent_id?: string }, phone: string): Promise<string> {
  customerSeq += 1;
  const customerId = `cus_s${customerSeq}`;
  api.answer(customerId, respond.json(seedCustomer({ customer_id: customerId, phone, lastAuthenticationTime: new Date().toISOString() })));
  const result = await mintVia(client, verificationBody(reference, customerId));
  if (result.status !== 200) throw new Error(`mint failed: ${JSON.stringify(result.body)}`);
  return result.body.token;
}

async function smsSignIn(phone: string, rid: string | null): Promise<SessionUser> {
  const ip = `198.51.100.${ipSeq++}`;
  await requestSignInCode({ phone, ip });
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = /code is (\d{6})\./.exec(message!.body)![1]!;
  const user = await signInWithSmsCode({ phone, code, requestId: rid, ip });
  return toSessionUser((await createSession({ userId: user.id, phone: user.phone, authMethod: user.authMethod, authTime: user.authTime })).session);
}

describe("sessions are rows, checked on every use", () => {
  it("sign-out-then-replay: the old cookie is signed out everywhere", async () => {
    const user = await newUser();
    const { token } = await session(user);
    expect(await currentSessionUser(cookieRequest(token))).toMatchObject({ id: user.id, authMethod: "sms_otp" });
    await signOut(token, { ip: "203.0.113.1" });
    expect(await currentSessionUser(cookieRequest(token))).toBeNull();
    expect(await db().userSession.findFirst({ where: { userId: user.id } })).toMatchObject({ revokedReason: "signed_out" });
    expect(await db().auditEvent.count({ where: { type: "user.signed_out", userId: user.id } })).toBe(1);
  });

  it("idle and absolute lifetimes (lib/config/limits.ts) end a session", async () => {
    const user = await newUser();
    const idle = await session(user);
    expect(await resolveSession(idle.token, new Date(Date.now() + (END_USER_SESSION_IDLE_S + 5) * 1000))).toEqual({ problem: "idle" });
    expect(await resolveSession(idle.token)).toEqual({ problem: "revoked" });
    const old = await session(user);
    expect(await resolveSession(old.token, new Date(Date.now() + (END_USER_SESSION_MAX_AGE_S + 5) * 1000))).toEqual({ problem: "expired" });
    expect(await currentSessionUser(cookieRequest("not-a-session"))).toBeNull();
    expect(await currentSessionUser(cookieRequest(null))).toBeNull();
  });

  it("suspension-ends-live-sessions (and rejection), each announced as session.ended", async () => {
    const user = await newUser();
    const a = await session(user);
    const b = await session(user, { authMethod: "passkey" });
    await db().$transaction((tx) => transitionUserStatus(tx, { userId: user.id, to: "suspended", reason: "fraud review", actor: { type: "admin", id: null } }));
    expect(await currentSessionUser(cookieRequest(a.token))).toBeNull();
    expect(await currentSessionUser(cookieRequest(b.token))).toBeNull();
    expect(await db().auditEvent.count({ where: { type: "session.ended", userId: user.id } })).toBe(2);
    expect(await db().userSession.count({ where: { userId: user.id, revokedReason: "status_suspended" } })).toBe(2);
  });

  it("a revoked device's sessions end; the user's other sessions stay", async () => {
    const user = await newUser();
    const device = await db().device.create({
      data: {
        userId: user.id,
        credentialId: `cred-${user.id}`,
        publicKey: Buffer.from([1, 2, 3]),
        transports: ["internal"],
        deviceType: "singleDevice",
        backupEligible: false,
        backedUp: false,
        userVerified: true,
        aaguid: "00000000-0000-0000-0000-000000000000",
        name: "Phone",
      },
    });
    const viaDevice = await session(user, { authMethod: "passkey", deviceId: device.id });
    const viaSms = await session(user);
    await revokeDevice({ userId: user.id, deviceId: device.id });
    expect(await currentSessionUser(cookieRequest(viaDevice.token))).toBeNull();
    expect(await currentSessionUser(cookieRequest(viaSms.token))).not.toBeNull();
    // Even a session row the revocation missed is refused: the read checks the device too.
    const late = await session(user, { authMethod: "passkey", deviceId: device.id });
    expect(await resolveSession(late.token)).toEqual({ problem: "device_revoked" });
  });

  it("an admin's 'sign out everywhere' ends every live session of the user", async () => {
    const user = await newUser();
    const a = await session(user);
    const b = await session(user);
    expect(await endUserSessionsAsAdmin({ userId: user.id, actor: { type: "admin", id: null }, reason: "account takeover report" })).toBe(2);
    expect(await currentSessionUser(cookieRequest(a.token))).toBeNull();
    expect(await currentSessionUser(cookieRequest(b.token))).toBeNull();
    expect(await db().userSession.count({ where: { userId: user.id, revokedReason: "admin" } })).toBe(2);
  });

  it("a changed phone number ends the session on its next use", async () => {
    const user = await newUser();
    const { token } = await session(user);
    await db().user.update({ where: { id: user.id }, data: { phone: newPhone() } });
    expect(await resolveSession(token)).toEqual({ problem: "phone_changed" });
  });
});

describe("capabilities: what each sign-in method's session may do (docs/security.md)", () => {
  const capabilities: Capability[] = ["finish_authorization", "enrol_passkey", "enrol_authenticator_app", "manage_devices", "approve_device", "change_phone", "pass_risk_challenge"];

  it("sms, passkey and trusted-device sessions may do everything; a trusted-auth session only finishes its own request", () => {
    for (const method of ["sms_otp", "passkey", "trusted_device"] as const) {
      for (const capability of capabilities) expect(may({ authMethod: method }, capability, { clientId: "c", requestId: "r" }), `${method} ${capability}`).toBe(true);
    }
    const bound = { authMethod: "trusted_auth" as const, boundClientId: "c1", boundRequestId: "r1" };
    for (const capability of capabilities.slice(1)) expect(may(bound, capability), capability).toBe(false);
    expect(may(bound, "finish_authorization", { clientId: "c1", requestId: "r1" })).toBe(true);
    expect(may(bound, "finish_authorization", { clientId: "c1", requestId: "r2" })).toBe(false);
    expect(may(bound, "finish_authorization", { clientId: "c2", requestId: "r1" })).toBe(false);
    expect(may({ authMethod: "trusted_auth" }, "finish_authorization", { clientId: "c1", requestId: "r1" })).toBe(false);
    expect([...CAPABILITY_TABLE.trusted_auth]).toEqual(["finish_authorization"]);
  });
});

describe("trusted-auth sessions are bound to their client and request", () => {
  it("cannot finish another request of the same client or another client's request (even with remembered consent)", async () => {
    const user = await userOf(partner);
    await recordConsent(user.id, other.client_id, ["openid", "phone"]);
    const token = await mint(partner, { user_id: user.id }, user.phone);
    const signedIn = await authorize(partner, { session_token: token });
    const current = (await currentSessionUser(cookieRequest(signedIn.token)))!;
    expect(current).toMatchObject({ authMethod: "trusted_auth", boundClientId: partner.client_id, boundRequestId: signedIn.rid });

    const ownRequest = (await loadAuthorizationRequest(signedIn.rid!))!;
    expect((await assessRequest(ownRequest, current)).kind).toBe("ready");
    const otherClient = await startRequest(other, {});
    expect((await nextStep((await loadAuthorizationRequest(otherClient.rid!))!, current)).kind).toBe("sign_in");
    const silent = await startRequest(other, { prompt: "none" });
    const step = await nextStep((await loadAuthorizationRequest(silent.rid!))!, current);
    expect(step).toMatchObject({ kind: "redirect" });
    expect((step as { location: string }).location).toContain("error=login_required");
    const sameClient = await startRequest(partner, {});
    expect((await nextStep((await loadAuthorizationRequest(sameClient.rid!))!, current)).kind).toBe("sign_in");
  });

  it("an existing user of another partner proves the phone by SMS once; then trusted auth signs in directly", async () => {
    const victim = await userOf(other);
    const intent = await intentOf(partner, { phone: victim.phone });
    const first = await authorize(partner, { session_token: await mint(partner, { user_intent_id: intent.id }, victim.phone), user_intent_id: intent.id });
    expect(first.location).toBe(`/login?rid=${first.rid}&error=trusted_auth_sms_required`);
    expect(first.token).toBeNull();
    // Not linked without the proof: the intent is untouched and the request is locked to that user.
    expect(await db().userIntent.findUniqueOrThrow({ where: { id: intent.id } })).toMatchObject({ userId: null });
    expect(await loadAuthorizationRequest(first.rid!)).toMatchObject({ expectedUserId: victim.id, phone: victim.phone, phoneReadOnly: true });
    // The exchange without UI refuses it as well.
    const exchangeToken = await mint(partner, { user_intent_id: intent.id }, victim.phone);
    const { exchangeVia } = await import("../support/trusted-auth");
    expect((await exchangeVia(partner, { session_token: exchangeToken, user_intent_id: intent.id, scope: "openid" })).body.error).toBe("trusted_auth_phone_proof_required");

    const proven = await smsSignIn(victim.phone, first.rid);
    expect(proven.id).toBe(victim.id);
    expect(await db().userIntent.findUniqueOrThrow({ where: { id: intent.id } })).toMatchObject({ status: "converted_to_user", userId: victim.id });
    const second = await authorize(partner, { session_token: await mint(partner, { user_intent_id: intent.id }, victim.phone), user_intent_id: intent.id });
    expect(second.location).toBe(`/login/continue?rid=${second.rid}`);
    expect(second.token).not.toBeNull();
  });

  it("a grant born from trusted auth cannot change the phone (403 session_not_allowed)", async () => {
    const user = await userOf(partner);
    const { exchangeVia } = await import("../support/trusted-auth");
    const exchanged = await exchangeVia(partner, { session_token: await mint(partner, { user_id: user.id }, user.phone), user_id: user.id, scope: "openid phone" });
    expect(exchanged.status).toBe(200);
    const response = await phoneChangeRoute(
      apiRequest("/v1/user/phone_change_request", { method: "POST", headers: { Authorization: `Bearer ${exchanged.body.access_token}`, "Content-Type": "application/json" }, body: JSON.stringify({ new_phone: newPhone() }) }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "session_not_allowed" });
  });

  it("a brand-new user signs in with trusted auth directly", async () => {
    const intent = await intentOf(partner);
    const result = await authorize(partner, { session_token: await mint(partner, { user_intent_id: intent.id }, intent.phone), user_intent_id: intent.id });
    expect(result.location).toBe(`/login/continue?rid=${result.rid}`);
  });

  it("the user's authenticator app is asked after trusted auth, as after the SMS code", async () => {
    let now = Math.floor(Date.now() / 30_000) * 30_000 + 1_000;
    setAuthenticatorClock(() => now);
    try {
      const user = await userOf(partner);
      await startAuthenticatorAppEnrolment(user.id);
      const state = await authenticatorAppState(user.id, user.phone);
      if (state.kind !== "enrolling") throw new Error("expected an enrolment");
      expect((await confirmAuthenticatorApp(user.id, await appCode(state.uri, now), null)).ok).toBe(true);
      now += 60_000;
      const signedIn = await authorize(partner, { session_token: await mint(partner, { user_id: user.id }, user.phone) });
      const current = (await currentSessionUser(cookieRequest(signedIn.token)))!;
      const request = (await loadAuthorizationRequest(signedIn.rid!))!;
      expect((await nextStep(request, current)).kind).toBe("second_factor");
      expect(await stepUpWithSecondFactor({ session: { id: current.sessionId!, userId: user.id }, method: "totp", code: "000000", ip: null })).toMatchObject({ ok: false });
      expect(await stepUpWithSecondFactor({ session: { id: current.sessionId!, userId: user.id }, method: "totp", code: await appCode(state.uri, now), ip: null })).toEqual({ ok: true });
      const after = (await currentSessionUser(cookieRequest(signedIn.token)))!;
      expect(after).toMatchObject({ secondFactor: true, amr: ["mfa", "swk"] });
      expect((await nextStep(request, after)).kind).toBe("consent"); // on to consent (phone is a new scope)
    } finally {
      setAuthenticatorClock(null);
    }
  });
});

describe("OpenID Connect prompt and max_age", () => {
  async function signedInUser() {
    const user = await newUser();
    await recordConsent(user.id, other.client_id, ["openid", "phone"]);
    return user;
  }
  const errorOf = (location: string) => new URL(location).searchParams;

  it("GET authorize decides the first step itself: the phone page without a session, login_required for prompt=none, the code with a session and remembered consent, consent again for prompt=consent", async () => {
    const fresh = await authorize(other, {});
    expect(fresh.location).toBe(`/login?rid=${fresh.rid}`);
    expect(await loadAuthorizationRequest(fresh.rid!)).not.toBeNull();
    const silent = await authorize(other, { prompt: "none" });
    expect(errorOf(silent.location).get("error")).toBe("login_required");
    expect(errorOf(silent.location).get("iss")).toBe(BASE_URL);

    const user = await signedInUser();
    const { token } = await session(user);
    const withCookie = async (params: Record<string, string>) => {
      const query = new URLSearchParams({ client_id: other.client_id, redirect_uri: other.redirect_uris[0]!, response_type: "code", scope: "openid phone", state: "st-2", ...params });
      const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`, { headers: { cookie: `next-auth.session-token=${token}` } }));
      return response.headers.get("location") ?? "";
    };
    const back = await withCookie({});
    expect(back.startsWith(other.redirect_uris[0]!)).toBe(true);
    expect(errorOf(back).get("code")).toBeTruthy();
    expect(errorOf(back).get("state")).toBe("st-2");
    expect(await withCookie({ prompt: "consent" })).toMatch(/^\/login\/consent\?rid=/);
  });

  it("unsupported or contradictory prompt values and a bad max_age are invalid_request at the redirect_uri, with iss", async () => {
    for (const params of [{ prompt: "create" }, { prompt: "none login" }, { max_age: "-1" }, { max_age: "soon" }] as Record<string, string>[]) {
      const { location } = await authorize(other, params);
      expect(errorOf(location).get("error"), JSON.stringify(params)).toBe("invalid_request");
      expect(errorOf(location).get("iss")).toBe(BASE_URL);
    }
  });

  it("prompt=none: login_required without a session, a code with one, consent_required without consent", async () => {
    const none = await startRequest(other, { prompt: "none" });
    const noSession = await nextStep((await loadAuthorizationRequest(none.rid!))!, null);
    expect(errorOf((noSession as { location: string }).location).get("error")).toBe("login_required");
    expect(errorOf((noSession as { location: string }).location).get("state")).toBe("st-1");

    const user = await signedInUser();
    const current = toSessionUser((await session(user)).session);
    const silent = await startRequest(other, { prompt: "none" });
    const code = await nextStep((await loadAuthorizationRequest(silent.rid!))!, current);
    expect(errorOf((code as { location: string }).location).get("code")).toBeTruthy();

    const stranger = toSessionUser((await session(await newUser())).session);
    const noConsent = await startRequest(other, { prompt: "none" });
    const refused = await nextStep((await loadAuthorizationRequest(noConsent.rid!))!, stranger);
    expect(errorOf((refused as { location: string }).location).get("error")).toBe("consent_required");
  });

  it("prompt=consent asks again although consent is remembered", async () => {
    const user = await signedInUser();
    const current = toSessionUser((await session(user)).session);
    const asked = await startRequest(other, { prompt: "consent" });
    expect((await nextStep((await loadAuthorizationRequest(asked.rid!))!, current)).kind).toBe("consent");
  });

  it("prompt=login and max_age=0 need a sign-in made during the request; max_age accepts a recent one", async () => {
    const user = await signedInUser();
    const before = toSessionUser((await session(user, { authTime: Math.floor(Date.now() / 1000) - 120 })).session);
    before.createdAt = Math.floor(Date.now() / 1000) - 120;
    for (const params of [{ prompt: "login" }, { max_age: "0" }, { max_age: "60" }] as Record<string, string>[]) {
      const { rid } = await startRequest(other, params);
      expect((await nextStep((await loadAuthorizationRequest(rid!))!, before)).kind, JSON.stringify(params)).toBe("sign_in");
    }
    const lenient = await startRequest(other, { max_age: "600" });
    expect((await nextStep((await loadAuthorizationRequest(lenient.rid!))!, before)).kind).toBe("redirect");
    const { rid } = await startRequest(other, { max_age: "0" });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = toSessionUser((await session(user)).session);
    expect((await nextStep((await loadAuthorizationRequest(rid!))!, fresh)).kind).toBe("redirect");
    const loginNone = await startRequest(other, { prompt: "none", max_age: "0" });
    const stale = await nextStep((await loadAuthorizationRequest(loginNone.rid!))!, before);
    expect(errorOf((stale as { location: string }).location).get("error")).toBe("login_required");
  });

  it("id_token_hint names the user the client expects (Core §3.1.2.1): another signed-in user gets login_required with prompt=none, the sign-in without; a hint not ours is invalid_request", async () => {
    const user = await signedInUser();
    const first = await authorize(other, {});
    const step = await nextStep((await loadAuthorizationRequest(first.rid!))!, toSessionUser((await session(user)).session));
    const idToken = (await redeemCode(other, errorOf((step as { location: string }).location).get("code")!)).body.id_token!;

    const someoneElse = toSessionUser((await session(await signedInUser())).session);
    const silent = await startRequest(other, { prompt: "none", id_token_hint: idToken });
    const refused = await nextStep((await loadAuthorizationRequest(silent.rid!))!, someoneElse);
    expect(errorOf((refused as { location: string }).location).get("error")).toBe("login_required");
    const interactive = await authorize(other, { id_token_hint: idToken });
    expect((await nextStep((await loadAuthorizationRequest(interactive.rid!))!, someoneElse)).kind).toBe("sign_in");

    const same = await startRequest(other, { prompt: "none", id_token_hint: idToken });
    const silentCode = await nextStep((await loadAuthorizationRequest(same.rid!))!, toSessionUser((await session(user)).session));
    expect(errorOf((silentCode as { location: string }).location).get("code")).toBeTruthy();

    const [header, payload, signature] = idToken.split(".");
    const forged = await authorize(other, { prompt: "none", id_token_hint: `${header}.${payload}.${signature!.slice(0, -4)}${signature!.endsWith("AAAA") ? "BBBB" : "AAAA"}` });
    expect(errorOf(forged.location).get("error")).toBe("invalid_request");
    expect(errorOf(forged.location).get("state")).toBe("st-1");
  });

  it("the ID token carries auth_time, amr, acr and sid from the session", async () => {
    const user = await signedInUser();
    const created = await session(user);
    const { rid } = await authorize(other, { max_age: "300", nonce: "n-1" });
    const step = await nextStep((await loadAuthorizationRequest(rid!))!, toSessionUser(created.session));
    const code = errorOf((step as { location: string }).location).get("code")!;
    const tokens = await redeemCode(other, code);
    const claims = JSON.parse(Buffer.from(tokens.body.id_token!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: user.id, auth_time: created.session.authTime, amr: ["otp", "sms"], acr: "urn:trustgate:acr:sms", sid: created.session.id, nonce: "n-1" });
  });
});

describe("logout", () => {
  async function idTokenFor(client: CreatedClient) {
    const user = await newUser();
    await recordConsent(user.id, client.client_id, ["openid", "phone"]);
    const created = await session(user);
    const { rid } = await authorize(client, {});
    const step = await nextStep((await loadAuthorizationRequest(rid!))!, toSessionUser(created.session));
    const code = new URL((step as { location: string }).location).searchParams.get("code")!;
    const tokens = await redeemCode(client, code);
    return { user, token: created.token, sessionId: created.session.id, idToken: tokens.body.id_token!, refreshToken: tokens.body.refresh_token! };
  }

  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

  it("a refreshed ID token is the same authentication (Core §12.2): sid, auth_time, amr, acr, iss, sub, aud kept; new iat; no nonce", async () => {
    const { sessionId, idToken, refreshToken } = await idTokenFor(other);
    const original = claimsOf(idToken);
    const once = await refresh(other, refreshToken);
    expect(once.status).toBe(200);
    // Twice: the rotated token carries the session on to its successor.
    const twice = await refresh(other, once.body.refresh_token!);
    expect(twice.status).toBe(200);
    for (const refreshed of [claimsOf(once.body.id_token!), claimsOf(twice.body.id_token!)]) {
      expect(refreshed).toMatchObject({ iss: original.iss, sub: original.sub, aud: original.aud, sid: sessionId, auth_time: original.auth_time, amr: original.amr, acr: original.acr });
      expect(refreshed).not.toHaveProperty("nonce");
      expect(refreshed.iat).toBeGreaterThanOrEqual(original.iat as number);
    }
  });

  it("logout matches a refreshed ID token by sid: RP-initiated with it as the hint ends the session; the logout token names its sid", async () => {
    await setLogoutSettings(other.client_id, { postLogoutRedirectUris: ["https://other.example/bye"], backchannelLogoutUri: `${receiver.url}/backchannel` }, { type: "cli" });
    const { token, sessionId, refreshToken } = await idTokenFor(other);
    const refreshed = (await refresh(other, refreshToken)).body.id_token!;
    expect(claimsOf(refreshed).sid).toBe(sessionId);
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200, body: "ok" });
    const response = await logoutGet(apiRequest(`/v1/oauth/logout?${new URLSearchParams({ id_token_hint: refreshed, post_logout_redirect_uri: "https://other.example/bye" })}`));
    expect(response.status).toBe(303);
    expect(await currentSessionUser(cookieRequest(token))).toBeNull();
    expect(await db().userSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedReason: "rp_logout" });
    expect((await runDeliveryBatch()).succeeded).toBeGreaterThanOrEqual(1);
    const logoutTokens = receiver.received.map((request) => claimsOf(new URLSearchParams(request.rawBody).get("logout_token") ?? "e30.e30."));
    // The partner finds the session it holds for the refreshed ID token by the logout token's sid.
    expect(logoutTokens).toContainEqual(expect.objectContaining({ sid: claimsOf(refreshed).sid, sub: claimsOf(refreshed).sub, aud: other.client_id }));
    await setLogoutSettings(other.client_id, { backchannelLogoutUri: null }, { type: "cli" });
  });

  it("RP-initiated: a valid id_token_hint ends the session and returns to the registered URI with state", async () => {
    await setLogoutSettings(other.client_id, { postLogoutRedirectUris: ["https://other.example/bye"] }, { type: "cli" });
    const { token, idToken } = await idTokenFor(other);
    const query = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: "https://other.example/bye", state: "s-9" });
    const response = await logoutGet(apiRequest(`/v1/oauth/logout?${query}`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://other.example/bye?state=s-9");
    expect(await currentSessionUser(cookieRequest(token))).toBeNull();
  });

  it("RP-initiated: a forged id_token_hint and an unregistered post-logout URI are refused on Trustgate's page", async () => {
    const { token, idToken } = await idTokenFor(other);
    const [header, payload] = idToken.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "00000000-0000-0000-0000-000000000000" })).toString("base64url");
    const forged = await logoutGet(apiRequest(`/v1/oauth/logout?${new URLSearchParams({ id_token_hint: `${header}.${forgedPayload}.${idToken.split(".")[2]}` })}`));
    expect(forged.status).toBe(400);
    const unregistered = await logoutGet(apiRequest(`/v1/oauth/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: "https://evil.example/bye" })}`));
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get("location")).toBeNull();
    expect(await currentSessionUser(cookieRequest(token))).not.toBeNull();
    // Without a hint the user is asked first; nothing ends on a bare GET.
    const bare = await logoutGet(new Request(`${BASE_URL}/v1/oauth/logout`, { headers: { cookie: `next-auth.session-token=${token}` } }));
    expect(bare.status).toBe(200);
    expect(await bare.text()).toContain("Sign out of Trustgate?");
    expect(await currentSessionUser(cookieRequest(token))).not.toBeNull();
  });

  it("back-channel: the receiver gets a logout token that verifies against the JWKS (events, sid, no nonce); receiver down → delivered later", async () => {
    await setLogoutSettings(other.client_id, { backchannelLogoutUri: `${receiver.url}/backchannel` }, { type: "cli" });
    const { user, token, sessionId } = await idTokenFor(other);
    receiver.received.length = 0;
    receiver.respond = (count) => (count === 1 ? { status: 503, body: "down" } : { status: 200, body: "ok" });
    await signOut(token);
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: other.client_id, kind: "backchannel_logout" }, orderBy: { createdAt: "desc" } });
    expect(await runDeliveryBatch()).toMatchObject({ retrying: 1 });
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: 503 });
    expect(await runDeliveryBatch({ now: () => new Date(Date.now() + 3600_000) })).toMatchObject({ succeeded: 1 });
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received.at(-1)!;
    expect(last.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const logoutToken = new URLSearchParams(last.rawBody).get("logout_token")!;
    const jwks = createLocalJWKSet((await (await jwksRoute(apiRequest("/.well-known/jwks.json"))).json()) as never);
    const { payload } = await jwtVerify(logoutToken, jwks, { issuer: BASE_URL, audience: other.client_id, typ: "logout+jwt", algorithms: ["ES256"] });
    expect(decodeProtectedHeader(logoutToken).typ).toBe("logout+jwt");
    expect(payload).toMatchObject({ sub: user.id, sid: sessionId, jti: row.webhookId, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });
    expect(payload).not.toHaveProperty("nonce");
    expect(typeof payload.iat).toBe("number");
    expect(await db().auditEvent.count({ where: { type: "session.ended", subjectId: sessionId } })).toBe(1);
  });
});
