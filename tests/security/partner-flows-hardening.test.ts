// Hardening of the partner-driven device flows (issue 18) after an adversarial review. Each test
// is the attack as the reviewer described it, and each failed on the code before its fix:
// push-bombing one user through several identifiers, burning a request's typed-number tries
// without being its user's device, the SDK window reporting other partners' requests, http SDK
// origins, page views spending the passkey ceremony budget, the login event's missing iat/exp/iss
// and global numeric id, untracked verification tokens valid for any action, bidi controls in
// partner labels, and device webhooks reaching partners that have no business knowing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as checkRequestsRoute } from "@/app/api/devices/requests/route";
import { POST as decisionOptionsRoute } from "@/app/api/devices/requests/[id]/options/route";
import { POST as decisionRoute } from "@/app/api/devices/requests/[id]/decision/route";
import { POST as signInOptionsRoute } from "@/app/api/devices/sign-in/options/route";
import { POST as untrackedOptionsRoute } from "@/app/api/actions/untracked/options/route";
import { POST as untrackedVerifyRoute } from "@/app/api/actions/untracked/verify/route";
import { POST as createLoginRequestRoute } from "@/app/v1/login_requests/route";
import { POST as pollRoute } from "@/app/v1/login_requests/[id]/poll/route";
import { POST as trackRoute } from "@/app/v1/users/[userId]/actions/[action]/route";
import { POST as validateRoute } from "@/app/v1/validate/route";
import { createAuthorizationRequest, loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import type { CreatedClient } from "@/lib/clients/create-client";
import { setClientBranding } from "@/lib/clients/branding/branding";
import { LOGIN_EVENT_TTL_S, LOGIN_REQUESTS_PER_USER, WEBAUTHN_OPTIONS_PER_IP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { passkeyAutofillOptions } from "@/lib/devices/device-sign-in";
import { decideLoginRequest, decisionOptions } from "@/lib/devices/login-requests";
import { revokeDevice } from "@/lib/devices/manage-devices";
import { registrationOptions, verifyRegistration } from "@/lib/devices/register-device";
import { mintAddAuthenticatorToken } from "@/lib/devices/registration-token";
import { authenticationResponseSchema, registrationResponseSchema } from "@/lib/devices/schemas";
import { sdkPartner } from "@/lib/devices/sdk-window";
import { assertionOptions, verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { ProductError } from "@/lib/errors/product";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { createSession } from "@/lib/sessions/session";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { apiRequest, basicAuth, createTestClient, validIntent } from "../support/fixtures";
import { createTestUser, type TestUser } from "../support/oauth-fixtures";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { newPhone } from "../support/trusted-auth";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const ORIGIN = "http://localhost:3999";
const params = <P>(value: P) => ({ params: Promise.resolve(value) });

type Answer<T = Record<string, unknown>> = { status: number; body: T & { error?: string; error_description?: string } };
async function answer<T = Record<string, unknown>>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function partnerRequest(client: CreatedClient, urlPath: string, body: unknown, ip = "203.0.113.7") {
  return apiRequest(urlPath, { method: "POST", ip, headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function sameOrigin(urlPath: string, body: unknown, init: { ip?: string; cookie?: string } = {}) {
  return apiRequest(urlPath, {
    method: "POST",
    ip: init.ip,
    headers: { "Content-Type": "application/json", Origin: ORIGIN, ...(init.cookie ? { cookie: `next-auth.session-token=${init.cookie}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function errorOf(promise: Promise<unknown>): Promise<ProductError> {
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

let ipSeq = 1;
const newIp = () => `198.18.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function linkedUser(client: CreatedClient): Promise<TestUser> {
  const user = await createTestUser();
  await db().consent.create({ data: { userId: user.id, clientId: client.client_id, scopes: ["openid"] } });
  return user;
}

async function enrol(user: { id: string }, clientId: string | null = null, authenticator = new SoftAuthenticator()) {
  const minted = await db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId: user.id, clientId, actor: { type: "user", id: user.id } }));
  const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
  const device = await verifyRegistration({ token: minted.token, sessionUserId: user.id, response: registrationResponseSchema.parse(authenticator.register(options)), userAgent: null, ip: "203.0.113.7" });
  return { authenticator, device };
}

async function convertedIntent(client: CreatedClient, overrides: Record<string, unknown> = {}) {
  const phone = (overrides.phone as string | undefined) ?? newPhone();
  const intent = await createUserIntent(client.client_id, createUserIntentInput.parse(validIntent({ ...overrides, phone })), { type: "client", id: client.client_id });
  const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: client.client_id, phone }));
  return { intent, userId, phone };
}

async function apiLoginRequest(client: CreatedClient, identifier: string, ip = newIp()) {
  return answer<{ id: string; secret: string; code: string }>(await createLoginRequestRoute(partnerRequest(client, "/v1/login_requests", { identifier }, ip)));
}

const wrongNumber = (code: string) => String(((Number(code) - 10 + 1) % 90) + 10);

describe("1. push-bombing one user", () => {
  it("login-requests-per-target-user: phone, email and username of one user share one budget", async () => {
    pinClockMidHour();
    const client = await createTestClient();
    const email = `bomb.${Date.now()}@example.com`;
    const { userId, phone } = await convertedIntent(client, { email, client_user_id: `bomb-${Date.now()}` });
    const username = (await db().userIntent.findFirstOrThrow({ where: { userId, clientId: client.client_id } })).clientUserId!;
    const statuses: number[] = [];
    // Each identifier stays under its own per-identifier limit; every call comes from a new address.
    for (const identifier of [phone, email, username]) {
      for (let i = 0; i < LOGIN_REQUESTS_PER_USER; i += 1) statuses.push((await apiLoginRequest(client, identifier)).status);
    }
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(LOGIN_REQUESTS_PER_USER);
    const refused = await apiLoginRequest(client, email);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("login_request_rate_limited");
    expect(refused.body.error_description).toMatch(/this user/i);
    expect(await db().loginRequest.count({ where: { userId } })).toBe(LOGIN_REQUESTS_PER_USER);
  });
});

describe("2. typed-number tries", () => {
  it("typed-number-tries-bound-to-the-approver: a third party holding the request id cannot burn them", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const { authenticator } = await enrol(user);
    const created = await apiLoginRequest(client, user.phone);
    const wrong = wrongNumber(created.body.code);

    // Anyone with the id (the waiting browser, the partner, whoever saw the QR link), no session:
    for (let i = 0; i < 4; i += 1) {
      await decisionOptionsRoute(sameOrigin(`/api/devices/requests/${created.body.id}/options`, { decision: "approve", code: wrong }, { ip: newIp() }), params({ id: created.body.id }));
    }
    // …and a stranger's passkey signing the request's challenge with a wrong number:
    const stranger = await createTestUser();
    const strangerKey = (await enrol(stranger)).authenticator;
    const options = (await answer<Record<string, unknown>>(await decisionOptionsRoute(sameOrigin(`/api/devices/requests/${created.body.id}/options`, { decision: "approve" }), params({ id: created.body.id })))).body;
    const forged = await answer(
      await decisionRoute(sameOrigin(`/api/devices/requests/${created.body.id}/decision`, { decision: "approve", code: wrong, response: strangerKey.assert(options as never) }), params({ id: created.body.id })),
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);

    let row = await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({ status: "pending", codeAttempts: 0 });

    // The user's own signed-in device spends a try with a wrong number…
    const session = await createSession({ userId: user.id, phone: user.phone, authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) });
    const mismatch = await answer(await decisionOptionsRoute(sameOrigin(`/api/devices/requests/${created.body.id}/options`, { decision: "approve", code: wrong }, { cookie: session.token }), params({ id: created.body.id })));
    expect(mismatch.body.error).toBe("login_request_code_mismatch");
    row = await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({ status: "pending", codeAttempts: 1 });
    // …and the right number, signed by its passkey, still approves.
    const good = await decisionOptions({ loginRequestId: created.body.id, decision: "approve", code: created.body.code, sessionUserId: user.id });
    await decideLoginRequest({ loginRequestId: created.body.id, decision: "approve", code: created.body.code, response: authenticationResponseSchema.parse(authenticator.assert(good)), ip: "198.51.100.4" });
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe("approved");
  });

  it("a wrong number signed by the user's own passkey spends a try (no session needed)", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const { authenticator } = await enrol(user);
    const created = await apiLoginRequest(client, user.phone);
    const options = await decisionOptions({ loginRequestId: created.body.id, decision: "approve", code: wrongNumber(created.body.code) });
    const error = await errorOf(
      decideLoginRequest({ loginRequestId: created.body.id, decision: "approve", code: wrongNumber(created.body.code), response: authenticationResponseSchema.parse(authenticator.assert(options)), ip: "198.51.100.4" }),
    );
    expect(error.code).toBe("login_request_code_mismatch");
    expect(await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } })).toMatchObject({ status: "pending", codeAttempts: 1 });
  });
});

describe("3. the SDK window's check reports only its partner's requests", () => {
  it("sdk-window-check-only-own-partner: another partner's pending request is not listed", async () => {
    const mine = await createTestClient();
    const theirs = await createTestClient();
    const user = await linkedUser(mine);
    await db().consent.create({ data: { userId: user.id, clientId: theirs.client_id, scopes: ["openid"] } });
    const { authenticator } = await enrol(user);
    const ours = await apiLoginRequest(mine, user.phone);
    await apiLoginRequest(theirs, user.phone);
    const origin = new URL(mine.redirect_uris[0]!).origin;
    const options = await assertionOptions({ purpose: "check_requests", userId: null, subjectId: null });
    const listed = await answer<{ requests: { id: string }[] }>(await checkRequestsRoute(sameOrigin("/api/devices/requests", { response: authenticator.assert(options), client_id: mine.client_id, origin })));
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((r) => r.id)).toEqual([ours.body.id]);
    // The account's own approval page (no partner) still lists both.
    const all = await assertionOptions({ purpose: "check_requests", userId: null, subjectId: null });
    const everything = await answer<{ requests: { id: string }[] }>(await checkRequestsRoute(sameOrigin("/api/devices/requests", { response: authenticator.assert(all) })));
    expect(everything.body.requests).toHaveLength(2);
    // A partner id with an origin that is not its own: refused, nothing listed.
    const other = await assertionOptions({ purpose: "check_requests", userId: null, subjectId: null });
    const refused = await answer(await checkRequestsRoute(sameOrigin("/api/devices/requests", { response: authenticator.assert(other), client_id: theirs.client_id, origin })));
    expect(refused.status).toBe(400);
  });

  it("a decision through the SDK window is refused for another partner's request", async () => {
    const mine = await createTestClient();
    const theirs = await createTestClient();
    const user = await linkedUser(mine);
    const { authenticator } = await enrol(user);
    const foreign = await apiLoginRequest(theirs, user.phone);
    const origin = new URL(mine.redirect_uris[0]!).origin;
    const options = await answer<Record<string, unknown>>(
      await decisionOptionsRoute(sameOrigin(`/api/devices/requests/${foreign.body.id}/options`, { decision: "reject", client_id: mine.client_id, origin }), params({ id: foreign.body.id })),
    );
    expect(options.status).toBe(404);
    const signed = await assertionOptions({ purpose: "login_request_reject", userId: user.id, subjectId: foreign.body.id });
    const decided = await answer(
      await decisionRoute(sameOrigin(`/api/devices/requests/${foreign.body.id}/decision`, { decision: "reject", client_id: mine.client_id, origin, response: authenticator.assert(signed) }), params({ id: foreign.body.id })),
    );
    expect(decided.status).toBe(404);
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: foreign.body.id } })).status).toBe("pending");
  });
});

describe("4. SDK origins", () => {
  it("sdk-origin-requires-https: an http origin is refused even when registered", async () => {
    const client = await createTestClient({ redirectUris: ["http://partner-plain.example/callback", "https://partner-tls.example/callback", "http://localhost:8123/callback"] });
    expect((await errorOf(sdkPartner(client.client_id, "http://partner-plain.example"))).code).toBe("sdk_origin_insecure");
    await expect(sdkPartner(client.client_id, "https://partner-tls.example")).resolves.toMatchObject({ clientId: client.client_id });
    // Loopback http: only while Trustgate itself runs on http (local development and these tests)…
    await expect(sdkPartner(client.client_id, "http://localhost:8123")).resolves.toMatchObject({ clientId: client.client_id });
    // …never for a deployment served over https.
    vi.stubEnv("TRUSTGATE_URL", "https://trustgate.example");
    expect((await errorOf(sdkPartner(client.client_id, "http://localhost:8123"))).code).toBe("sdk_origin_insecure");
  });
});

describe("5. page views and the passkey ceremony budget", () => {
  it("phone-page-views-do-not-spend-the-ceremony-budget: a reload loop leaves real passkey sign-ins working", async () => {
    const client = await createTestClient();
    const rid = await createAuthorizationRequest({
      clientId: client.client_id,
      redirectUri: client.redirect_uris[0]!,
      scope: "openid phone",
      state: "s",
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
      userIntentId: null,
      expectedUserId: null,
      phone: null,
      phoneReadOnly: false,
    });
    const request = (await loadAuthorizationRequest(rid))!;
    const ip = newIp();
    pinClockMidHour();
    for (let i = 0; i <= WEBAUTHN_OPTIONS_PER_IP; i += 1) await passkeyAutofillOptions(request, ip);
    const options = await answer(await signInOptionsRoute(sameOrigin("/api/devices/sign-in/options", { rid }, { ip })));
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ challenge: expect.any(String) });
    // The page's own challenge is still bound to the request on the server.
    const autofill = await passkeyAutofillOptions(request, ip);
    expect(autofill).not.toBeNull();
    expect(await db().webAuthnChallenge.findUniqueOrThrow({ where: { challenge: autofill!.challenge } })).toMatchObject({ purpose: "sign_in", subjectId: request.id });
  });
});

describe("6. the signed login event", () => {
  it("login-event-jws-has-iat-exp-iss-and-a-non-sequential-id", async () => {
    const a = await createTestClient();
    const b = await createTestClient();
    const first = await apiLoginRequest(a, newPhone());
    await apiLoginRequest(b, newPhone());
    const third = await apiLoginRequest(a, newPhone());
    const poll = async (id: string, secret: string) => answer<{ ID: number; signature: string }>(await pollRoute(partnerRequest(a, `/v1/login_requests/${id}/poll`, { secret }), params({ id })));
    const one = await poll(first.body.id, first.body.secret);
    const three = await poll(third.body.id, third.body.secret);
    const payload = decodeJwt(one.body.signature);
    expect(payload.iss).toBe("http://localhost:3999");
    expect(typeof payload.iat).toBe("number");
    expect(payload.exp).toBe(payload.iat! + LOGIN_EVENT_TTL_S);
    expect(payload.sub).toBeUndefined();
    expect(payload.aud).toBeUndefined();
    expect(decodeProtectedHeader(one.body.signature)).toMatchObject({ typ: "trustgate-login-event+jwt", aud: a.client_id });
    // Cotter's numeric ID, but not the global counter (which told a partner how many requests others made).
    expect(Number.isSafeInteger(one.body.ID) && one.body.ID > 0).toBe(true);
    const rows = await db().loginRequest.findMany({ where: { id: { in: [first.body.id, third.body.id] } }, select: { id: true, number: true } });
    expect(one.body.ID).not.toBe(Number(rows.find((r) => r.id === first.body.id)!.number));
    expect(Math.abs(three.body.ID - one.body.ID)).not.toBe(2);
    expect((await poll(first.body.id, first.body.secret)).body.ID).toBe(one.body.ID);
  });
});

describe("7. untracked verification tokens", () => {
  it("untracked-token-bound-to-its-action: a token verified for signIn is refused for withdrawal", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const { authenticator } = await enrol(user);
    const options = await answer<Record<string, unknown>>(await untrackedOptionsRoute(sameOrigin("/api/actions/untracked/options", { client_id: client.client_id, action: "signIn" })));
    expect(options.status).toBe(200);
    const verified = await answer<{ token: string }>(
      await untrackedVerifyRoute(sameOrigin("/api/actions/untracked/verify", { client_id: client.client_id, action: "signIn", response: authenticator.assert(options.body as never) })),
    );
    expect(verified.status).toBe(200);
    const validate = async (action: string) => (await answer(await validateRoute(partnerRequest(client, "/v1/validate", { token: verified.body.token, action })))).body;
    expect(await validate("withdrawal")).toMatchObject({ isValid: false, action: "signIn" });
    expect(await validate("signIn")).toMatchObject({ isValid: true, action: "signIn", userId: user.id });
  });

  it("an untracked verification names its action up front (no action: 400)", async () => {
    const client = await createTestClient();
    const refused = await answer(await untrackedOptionsRoute(sameOrigin("/api/actions/untracked/options", { client_id: client.client_id })));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_request");
  });
});

describe("8. bidi controls in partner labels", () => {
  const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];

  it("bidi-controls-refused-in-action-labels: a label that would reorder itself on the page is a 400", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    for (const mark of BIDI) {
      const label = `Send $5 to Alex${mark}0001$ ot dneS`;
      const tracked = await answer(await trackRoute(partnerRequest(client, `/v1/users/${user.id}/actions/payment`, { attributes: { label } }), params({ userId: user.id, action: "payment" })));
      expect(tracked.status, JSON.stringify(mark)).toBe(400);
      expect(tracked.body.error).toBe("invalid_request");
      expect(tracked.body.error_description).toMatch(/bidirectional/);
    }
    expect(await db().action.count({ where: { clientId: client.client_id } })).toBe(0);
    // Right-to-left text itself is welcome.
    const arabic = await answer(await trackRoute(partnerRequest(client, `/v1/users/${user.id}/actions/payment`, { attributes: { label: "إرسال 500 دولار إلى أليكس" } }), params({ userId: user.id, action: "payment" })));
    expect(arabic.status).toBe(200);
  });

  it("bidi controls are refused in a partner's display name (shown on the trusted device)", async () => {
    const client = await createTestClient();
    const error = await errorOf(setClientBranding(client.client_id, { displayName: "Bank\u202eknaB" }, { type: "cli" }));
    expect(error.message).toMatch(/bidirectional/);
  });
});

describe("9. device webhooks go only to partners that should know", () => {
  it("device-webhooks-only-to-the-causing-or-consented-partner", async () => {
    const causing = await createTestClient();
    const consented = await createTestClient();
    const intentOnly = await createTestClient();
    for (const client of [causing, consented, intentOnly]) await setWebhookUrl(client.client_id, receiver.url, { type: "cli" });
    const { userId } = await convertedIntent(intentOnly);
    const user = { id: userId };
    for (const client of [causing, consented]) await db().consent.create({ data: { userId, clientId: client.client_id, scopes: ["openid"] } });

    // Added through the causing partner's backend-started enrolment…
    const { authenticator, device } = await enrol(user, causing.client_id);
    // …cloned (counter regression), then revoked by the user.
    const first = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone-test-9" });
    await verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(first, { counter: 5 })), purpose: "sign_in", subjectId: "clone-test-9" });
    const second = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone-test-9" });
    await verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(second, { counter: 3 })), purpose: "sign_in", subjectId: "clone-test-9" }).catch(() => undefined);
    await revokeDevice({ userId, deviceId: device.id, ip: "203.0.113.7" });

    const sent = async (client: CreatedClient) => (await db().webhookDelivery.findMany({ where: { clientId: client.client_id, eventType: { startsWith: "device." } }, select: { eventType: true } })).map((d) => d.eventType).sort();
    expect(await sent(causing)).toEqual(["device.added", "device.revoked", "device.suspicious"]);
    // A partner the user consented to learns of revocations and clones (its sign-ins may rest on that
    // passkey), not of a passkey added through another partner.
    expect(await sent(consented)).toEqual(["device.revoked", "device.suspicious"]);
    // A partner linked only by an intent (no consent given to it) learns nothing.
    expect(await sent(intentOnly)).toEqual([]);
    while ((await runDeliveryBatch()).claimed > 0);
  });
});
