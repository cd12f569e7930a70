// Trusted devices on WebAuthn, server side: registration behind an addAuthenticator token, the one
// assertion verifier (challenge bound to purpose and subject, consumed first; UV required; clones
// flagged), approvals bound to one request and redeemed once, and revocation ending what a device
// vouched for. A software authenticator produces real signatures.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as createLoginRequestRoute } from "@/app/v1/login_requests/route";
import { POST as pollRoute } from "@/app/v1/login_requests/[id]/poll/route";
import { POST as hostedStatusRoute } from "@/app/api/devices/login-requests/status/route";
import { POST as checkRequestsRoute } from "@/app/api/devices/requests/route";
import { createAuthorizationRequest } from "@/lib/authorize/authorization-request";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { createChallenge } from "@/lib/devices/challenges";
import { signInWithApproval, signInWithPasskey, passkeySignInOptions, createHostedLoginRequest } from "@/lib/devices/device-sign-in";
import { cancelLoginRequest, decideLoginRequest, decisionOptions, pendingLoginRequests } from "@/lib/devices/login-requests";
import { isDeviceLive, listDevices, listDevicesForAdmin, renameDevice, revokeDevice, revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { registrationOptions, verifyRegistration } from "@/lib/devices/register-device";
import { mintAddAuthenticatorToken } from "@/lib/devices/registration-token";
import { authenticationResponseSchema, registrationResponseSchema } from "@/lib/devices/schemas";
import { assertionOptions, verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { ProductError } from "@/lib/errors/product";
import { apiRequest, basicAuth, createTestClient } from "../support/fixtures";
import { createTestUser, refresh, verifyWithJwks, type TestUser } from "../support/oauth-fixtures";
import { SoftAuthenticator } from "../support/soft-authenticator";

const CHROME_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

afterEach(() => {
  vi.useRealTimers();
});

async function errorOf(promise: Promise<unknown>): Promise<ProductError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProductError);
  return error as ProductError;
}

async function token(user: TestUser) {
  return db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId: user.id, actor: { type: "user", id: user.id } }));
}

/** A user with one registered device on `authenticator`. */
async function enrolled(authenticator = new SoftAuthenticator()) {
  const user = await createTestUser();
  const minted = await token(user);
  const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
  const response = registrationResponseSchema.parse(authenticator.register(options));
  const device = await verifyRegistration({ token: minted.token, sessionUserId: user.id, response, userAgent: CHROME_UA, ip: "203.0.113.7" });
  return { user, device, authenticator };
}

async function authorizeRequest(client: CreatedClient, extra: { expectedUserId?: string | null } = {}) {
  return createAuthorizationRequest({
    clientId: client.client_id,
    redirectUri: client.redirect_uris[0]!,
    scope: "openid phone",
    state: "s",
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
    userIntentId: null,
    expectedUserId: extra.expectedUserId ?? null,
    phone: null,
    phoneReadOnly: false,
  });
}

describe("registration", () => {
  it("asks for a discoverable platform passkey with user verification, bound to the addAuthenticator token", async () => {
    const user = await createTestUser();
    const minted = await token(user);
    const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
    expect(options.rp).toEqual({ name: "Trustgate", id: "localhost" });
    expect(options.authenticatorSelection).toMatchObject({ authenticatorAttachment: "platform", residentKey: "required", userVerification: "required" });
    expect(options.attestation).toBe("none");
    expect(options.user.name).toBe(user.phone);
    const challenge = await db().webAuthnChallenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(challenge).toMatchObject({ purpose: "registration", userId: user.id, subjectId: minted.id, usedAt: null });
    expect(challenge.expiresAt.getTime() - challenge.createdAt.getTime()).toBeLessThanOrEqual(300_000);
  });

  it("stores the credential with its flags and a name from the user agent, and audits it", async () => {
    const { user, device } = await enrolled();
    const row = await db().device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row).toMatchObject({ userId: user.id, name: "Chrome on Android", counter: 0n, transports: ["internal"], userVerified: true, backupEligible: false, backedUp: false, deviceType: "singleDevice" });
    expect(row.publicKey.length).toBeGreaterThan(60);
    expect(await db().auditEvent.count({ where: { type: "device.registered", subjectId: device.id } })).toBe(1);
  });

  it("a token is single use: a second registration with it is refused", async () => {
    const user = await createTestUser();
    const minted = await token(user);
    const authenticator = new SoftAuthenticator();
    const first = await registrationOptions({ token: minted.token, sessionUserId: user.id });
    await verifyRegistration({ token: minted.token, sessionUserId: user.id, response: registrationResponseSchema.parse(authenticator.register(first)), userAgent: null, ip: "x" });
    expect((await errorOf(registrationOptions({ token: minted.token, sessionUserId: user.id }))).code).toBe("device_registration_token_invalid");
  });

  it("a token minted for another user, or expired, is refused", async () => {
    const [alice, bob] = [await createTestUser(), await createTestUser()];
    const forAlice = await token(alice);
    expect((await errorOf(registrationOptions({ token: forAlice.token, sessionUserId: bob.id }))).code).toBe("device_registration_token_invalid");
    expect((await errorOf(registrationOptions({ token: "tgd_forged-token-value", sessionUserId: alice.id }))).code).toBe("device_registration_token_invalid");
    const options = await registrationOptions({ token: forAlice.token, sessionUserId: alice.id });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 301_000);
    const response = registrationResponseSchema.parse(new SoftAuthenticator().register(options));
    expect((await errorOf(verifyRegistration({ token: forAlice.token, sessionUserId: alice.id, response, userAgent: null, ip: "x" }))).code).toBe("device_registration_token_invalid");
    expect(await db().device.count({ where: { userId: alice.id } })).toBe(0);
  });

  it("refuses an authenticator that did not verify the user, and spends the token anyway", async () => {
    const user = await createTestUser();
    const minted = await token(user);
    const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
    const response = registrationResponseSchema.parse(new SoftAuthenticator().register(options, { userVerified: false }));
    expect((await errorOf(verifyRegistration({ token: minted.token, sessionUserId: user.id, response, userAgent: null, ip: "x" }))).code).toBe("webauthn_user_verification_required");
    expect(await db().device.count({ where: { userId: user.id } })).toBe(0);
    expect((await db().deviceRegistrationToken.findUniqueOrThrow({ where: { id: minted.id } })).usedAt).not.toBeNull();
  });

  it("refuses a response from another origin", async () => {
    const user = await createTestUser();
    const minted = await token(user);
    const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
    const response = registrationResponseSchema.parse(new SoftAuthenticator("https://evil.example").register(options));
    expect((await errorOf(verifyRegistration({ token: minted.token, sessionUserId: user.id, response, userAgent: null, ip: "x" }))).code).toBe("webauthn_verification_failed");
  });

  it("two registrations racing with one token: exactly one device is stored", async () => {
    const user = await createTestUser();
    const minted = await token(user);
    const attempts = await Promise.all(
      [0, 1, 2].map(async () => {
        const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
        return registrationResponseSchema.parse(new SoftAuthenticator().register(options));
      }),
    );
    const results = await Promise.allSettled(attempts.map((response) => verifyRegistration({ token: minted.token, sessionUserId: user.id, response, userAgent: null, ip: "x" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().device.count({ where: { userId: user.id } })).toBe(1);
  });

  it("excludes the user's registered credentials from new registrations", async () => {
    const { user, device } = await enrolled();
    const options = await registrationOptions({ token: (await token(user)).token, sessionUserId: user.id });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([device.credentialId]);
  });
});

describe("the assertion verifier", () => {
  it("signs a hosted session in with auth_method passkey and the device, moving the counter forward", async () => {
    const client = await createTestClient();
    const { user, device, authenticator } = await enrolled();
    const rid = await authorizeRequest(client);
    const options = await passkeySignInOptions(rid);
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials ?? []).toEqual([]);
    const session = await signInWithPasskey({ response: JSON.stringify(authenticator.assert(options)), rid, ip: "203.0.113.7" });
    expect(session).toMatchObject({ id: user.id, phone: user.phone, authMethod: "passkey", deviceId: device.id });
    const row = await db().device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.counter).toBe(1n);
    expect(row.lastUsedAt).not.toBeNull();
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "user.signed_in", userId: user.id } });
    expect(event.data).toMatchObject({ auth_method: "passkey", device_id: device.id });
  });

  it("a challenge is spent before verification: replaying the same assertion is refused", async () => {
    const client = await createTestClient();
    const { authenticator } = await enrolled();
    const rid = await authorizeRequest(client);
    const response = JSON.stringify(authenticator.assert(await passkeySignInOptions(rid)));
    await signInWithPasskey({ response, rid, ip: "x" });
    expect((await errorOf(signInWithPasskey({ response, rid, ip: "x" }))).code).toBe("webauthn_challenge_invalid");
  });

  it("a sign-in challenge issued for one authorize request cannot finish another", async () => {
    const client = await createTestClient();
    const { authenticator } = await enrolled();
    const [ridA, ridB] = [await authorizeRequest(client), await authorizeRequest(client)];
    const response = JSON.stringify(authenticator.assert(await passkeySignInOptions(ridA)));
    expect((await errorOf(signInWithPasskey({ response, rid: ridB, ip: "x" }))).code).toBe("webauthn_challenge_invalid");
  });

  it("refuses an assertion without user verification and leaves the counter alone", async () => {
    const { device, authenticator } = await enrolled();
    const options = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "s1" });
    const response = authenticationResponseSchema.parse(authenticator.assert(options, { userVerified: false }));
    expect((await errorOf(verifyDeviceAssertion({ response, purpose: "sign_in", subjectId: "s1" }))).code).toBe("webauthn_user_verification_required");
    expect((await db().device.findUniqueOrThrow({ where: { id: device.id } })).counter).toBe(0n);
  });

  it("a counter regression (cloned authenticator) is refused, audited, and flags the device for good", async () => {
    const { user, device, authenticator } = await enrolled();
    await db().device.update({ where: { id: device.id }, data: { counter: 50n } });
    const options = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone" });
    const response = authenticationResponseSchema.parse(authenticator.assert(options, { counter: 7 }));
    expect((await errorOf(verifyDeviceAssertion({ response, purpose: "sign_in", subjectId: "clone" }))).code).toBe("device_flagged");
    const row = await db().device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.flaggedAt).not.toBeNull();
    expect(row.counter).toBe(50n);
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "device.flagged", subjectId: device.id } });
    expect(event).toMatchObject({ userId: user.id, data: { reason: "counter_regression", stored_counter: "50", presented_counter: "7" } });
    // Even a fresh, higher counter no longer works, and sessions it signed in end.
    const again = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone2" });
    expect((await errorOf(verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(again, { counter: 99 })), purpose: "sign_in", subjectId: "clone2" }))).code).toBe("device_flagged");
    expect(await isDeviceLive(device.id)).toBe(false);
  });

  it("a garbage signature with a stale counter does not flag the device", async () => {
    const { device, authenticator } = await enrolled();
    await db().device.update({ where: { id: device.id }, data: { counter: 50n } });
    const options = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "g" });
    const response = authenticationResponseSchema.parse(authenticator.assert(options, { counter: 7 }));
    response.response.signature = Buffer.from("not a signature").toString("base64url");
    expect((await errorOf(verifyDeviceAssertion({ response, purpose: "sign_in", subjectId: "g" }))).code).toBe("webauthn_verification_failed");
    expect((await db().device.findUniqueOrThrow({ where: { id: device.id } })).flaggedAt).toBeNull();
  });

  it("another user's passkey cannot answer a challenge issued for this user", async () => {
    const alice = await enrolled();
    const bob = await enrolled();
    const options = await assertionOptions({ purpose: "check", userId: alice.user.id, subjectId: null });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([alice.device.credentialId]);
    const response = authenticationResponseSchema.parse(bob.authenticator.assert(options));
    expect((await errorOf(verifyDeviceAssertion({ response, purpose: "check", subjectId: null, userId: alice.user.id }))).code).toBe("webauthn_verification_failed");
  });

  it("exactly one of concurrent uses of one challenge wins", async () => {
    const { authenticator } = await enrolled();
    const challenge = await createChallenge({ purpose: "race", userId: null, subjectId: "r" });
    const response = authenticationResponseSchema.parse(authenticator.assert({ challenge }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => verifyDeviceAssertion({ response, purpose: "race", subjectId: "r" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("approve from a trusted device", () => {
  async function pendingFor(client: CreatedClient, user: TestUser) {
    const response = await createLoginRequestRoute(
      apiRequest("/v1/login_requests", {
        method: "POST",
        headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify({ identifier: user.phone, scope: "openid phone", user_agent: CHROME_UA }),
      }),
    );
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string; code: string; expires_at: string; status: string };
  }

  async function poll(client: CreatedClient, id: string, secret: string) {
    const response = await pollRoute(
      apiRequest(`/v1/login_requests/${id}/poll`, {
        method: "POST",
        headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify({ secret }),
      }),
      { params: Promise.resolve({ id }) },
    );
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { oauth_token?: Record<string, unknown> } };
  }

  /** The number the waiting device shows, which the user types on the trusted device. */
  const codeOf = async (id: string) => (await db().loginRequest.findUniqueOrThrow({ where: { id } })).code;

  async function decide(authenticator: SoftAuthenticator, loginRequestId: string, decision: "approve" | "reject") {
    const code = decision === "approve" ? await codeOf(loginRequestId) : undefined;
    const options = await decisionOptions({ loginRequestId, decision, code });
    return decideLoginRequest({ loginRequestId, decision, code, response: authenticationResponseSchema.parse(authenticator.assert(options)), ip: "198.51.100.4" });
  }

  it("the partner polls until the device approves, then receives Cotter's oauth_token once", async () => {
    const client = await createTestClient();
    const { user, device, authenticator } = await enrolled();
    const created = await pendingFor(client, user);
    expect(created.code).toMatch(/^\d{2}$/);
    expect(new Date(created.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(300_000);

    const pending = await poll(client, created.id, created.secret);
    expect(pending.body).toMatchObject({ ID: expect.any(Number), id: created.id, status: "pending", approved: false, event: "LOGIN", method: "TRUSTED_DEVICE", location: "unknown" });
    expect(pending.body.oauth_token).toBeUndefined();

    const listed = await pendingLoginRequests(user.id);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, device: "Chrome on Android", location: "unknown", clientName: client.name })]);
    // Typed number matching: the trusted device is never told the number.
    expect(listed[0]).not.toHaveProperty("code");
    // The waiting side also knows the request id: the options never reveal the user's credentials.
    expect((await decisionOptions({ loginRequestId: created.id, decision: "approve", code: created.code })).allowCredentials ?? []).toEqual([]);
    await decide(authenticator, created.id, "approve");

    const approved = await poll(client, created.id, created.secret);
    expect(approved.status).toBe(200);
    expect(approved.headers.get("cache-control")).toBe("no-store");
    expect(approved.body).toMatchObject({ ID: expect.any(Number), id: created.id, approved: true, user_id: user.id, issuer: client.client_id });
    expect(approved.body.oauth_token).toMatchObject({ token_type: "Bearer", expires_in: 3600, auth_method: "TRUSTED_DEVICE" });
    const { payload } = await verifyWithJwks(approved.body.oauth_token!.id_token as string, { audience: client.client_id, typ: "JWT" });
    expect(payload).toMatchObject({ sub: user.id, auth_method: "trusted_device" });
    // Claims follow scope AND consent (lib/claims/scope-map.ts): this user never consented to this
    // client, so the ID token carries no phone number (the partner sent the identifier itself).
    expect(payload.phone_number).toBeUndefined();
    const refreshRow = await db().refreshToken.findFirstOrThrow({ where: { userId: user.id, clientId: client.client_id } });
    expect(refreshRow.deviceId).toBe(device.id);

    const again = await poll(client, created.id, created.secret);
    expect(again.body.status).toBe("redeemed");
    expect(again.body.oauth_token).toBeUndefined();
    expect(await db().auditEvent.count({ where: { type: "login_request.approved", subjectId: created.id } })).toBe(1);
  });

  it("only the client that created it, holding its secret, can poll", async () => {
    const [client, other] = [await createTestClient(), await createTestClient()];
    const { user } = await enrolled();
    const created = await pendingFor(client, user);
    expect((await poll(other, created.id, created.secret)).status).toBe(404);
    expect((await poll(client, created.id, "wrong-secret-wrong-secret")).status).toBe(404);
  });

  it("an approval assertion for request A cannot approve request B, nor A twice", async () => {
    const client = await createTestClient();
    const { user, authenticator } = await enrolled();
    const [a, b] = [await pendingFor(client, user), await pendingFor(client, user)];
    const optionsA = await decisionOptions({ loginRequestId: a.id, decision: "approve", code: a.code });
    const assertionA = authenticationResponseSchema.parse(authenticator.assert(optionsA));
    expect((await errorOf(decideLoginRequest({ loginRequestId: b.id, decision: "approve", code: b.code, response: assertionA }))).code).toBe("webauthn_challenge_invalid");
    // A reject challenge cannot be spent as an approval either.
    const rejectA = authenticationResponseSchema.parse(authenticator.assert(await decisionOptions({ loginRequestId: a.id, decision: "reject" })));
    expect((await errorOf(decideLoginRequest({ loginRequestId: a.id, decision: "approve", code: a.code, response: rejectA }))).code).toBe("webauthn_challenge_invalid");
    await decideLoginRequest({ loginRequestId: a.id, decision: "approve", code: a.code, response: assertionA });
    expect((await errorOf(decideLoginRequest({ loginRequestId: a.id, decision: "approve", code: a.code, response: assertionA }))).code).toBe("login_request_not_found");
    expect((await poll(client, b.id, b.secret)).body.status).toBe("pending");
    const refusals = await db().auditEvent.findMany({ where: { type: "device.assertion_failed", userId: user.id } });
    expect(refusals.map((event) => (event.data as { purpose: string }).purpose)).toEqual(expect.arrayContaining(["login_request_approve"]));
  });

  it("a rejected request gives no tokens", async () => {
    const client = await createTestClient();
    const { user, authenticator } = await enrolled();
    const created = await pendingFor(client, user);
    await decide(authenticator, created.id, "reject");
    const answer = await poll(client, created.id, created.secret);
    expect(answer.body).toMatchObject({ status: "rejected", approved: false });
    expect(answer.body.oauth_token).toBeUndefined();
  });

  it("an expired request can neither be approved nor redeemed", async () => {
    const client = await createTestClient();
    const { user, authenticator } = await enrolled();
    const created = await pendingFor(client, user);
    const options = await decisionOptions({ loginRequestId: created.id, decision: "approve", code: created.code });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 301_000);
    expect((await poll(client, created.id, created.secret)).body.status).toBe("expired");
    expect((await errorOf(decideLoginRequest({ loginRequestId: created.id, decision: "approve", code: created.code, response: authenticationResponseSchema.parse(authenticator.assert(options)) }))).code).toBe(
      "login_request_not_found",
    );
    expect(await pendingLoginRequests(user.id)).toEqual([]);
  });

  it("login requests per phone are capped (push-bombing defence)", async () => {
    const client = await createTestClient();
    const user = await createTestUser();
    const rid = await authorizeRequest(client);
    // Rate-limit windows are fixed hours: pin the clock mid-hour so the test never straddles two.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 30 * 60_000);
    for (let i = 0; i < 10; i++) await createHostedLoginRequest({ rid, phone: user.phone, ip: `192.0.2.${i + 1}`, userAgent: null });
    expect((await errorOf(createHostedLoginRequest({ rid, phone: user.phone, ip: "192.0.2.99", userAgent: null }))).code).toBe("login_request_rate_limited");
  });

  it("an unknown phone gets the same answer (no account enumeration) and nothing to approve", async () => {
    const client = await createTestClient();
    const created = await pendingFor(client, { id: "00000000-0000-0000-0000-000000000000", phone: "+12025559999" });
    expect(created.status).toBe("pending");
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.id } })).userId).toBeNull();
    expect((await errorOf(decisionOptions({ loginRequestId: created.id, decision: "approve" }))).code).toBe("login_request_not_found");
  });

  it("the hosted flavour: the waiting page polls with its secret and redeems the approval exactly once", async () => {
    const client = await createTestClient();
    const { user, device, authenticator } = await enrolled();
    const rid = await authorizeRequest(client);
    const created = await createHostedLoginRequest({ rid, phone: user.phone, ip: "203.0.113.50", userAgent: CHROME_UA });
    const status = async () =>
      (await (
        await hostedStatusRoute(
          apiRequest("/api/devices/login-requests/status", { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://localhost:3999" }, body: JSON.stringify({ id: created.id, secret: created.secret }) }),
        )
      ).json()) as { status: string };
    expect((await status()).status).toBe("pending");
    await decide(authenticator, created.id, "approve");
    expect((await status()).status).toBe("approved");
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => signInWithApproval({ id: created.id, secret: created.secret, rid, ip: "x" })));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect((won[0] as PromiseFulfilledResult<{ authMethod: string; deviceId?: string }>).value).toMatchObject({ authMethod: "trusted_device", deviceId: device.id });
    expect((await status()).status).toBe("redeemed");
  });

  it("a trusted device without a session lists its owner's requests by signing a check challenge", async () => {
    const client = await createTestClient();
    const { user, authenticator } = await enrolled();
    const other = await enrolled();
    const rid = await authorizeRequest(client);
    const mine = await createHostedLoginRequest({ rid, phone: user.phone, ip: "203.0.113.60", userAgent: CHROME_UA });
    await createHostedLoginRequest({ rid, phone: other.user.phone, ip: "203.0.113.61", userAgent: CHROME_UA });
    const options = await assertionOptions({ purpose: "check_requests", userId: null, subjectId: null });
    const response = await checkRequestsRoute(
      apiRequest("/api/devices/requests", { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://localhost:3999" }, body: JSON.stringify({ response: authenticator.assert(options) }) }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { requests: { id: string; ip: string; location: string }[] };
    expect(body.requests).toEqual([expect.objectContaining({ id: mine.id, ip: "203.0.113.60", location: "unknown" })]);
  });

  it("typed number matching: the user's session gets no challenge without the right number; the signed decision is checked again; the third wrong number refuses the request", async () => {
    const client = await createTestClient();
    const { user, authenticator } = await enrolled();
    const created = await pendingFor(client, user);
    const wrong = created.code === "42" ? "43" : "42";
    const sessionUserId = user.id;
    // No number at all: refused, and no try spent.
    expect((await errorOf(decisionOptions({ loginRequestId: created.id, decision: "approve", sessionUserId }))).code).toBe("validation_failed");
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.id } })).codeAttempts).toBe(0);
    const options = await decisionOptions({ loginRequestId: created.id, decision: "approve", code: created.code, sessionUserId });
    const signed = authenticationResponseSchema.parse(authenticator.assert(options));
    expect((await errorOf(decideLoginRequest({ loginRequestId: created.id, decision: "approve", code: wrong, response: signed }))).code).toBe("login_request_code_mismatch");
    expect((await errorOf(decisionOptions({ loginRequestId: created.id, decision: "approve", code: wrong, sessionUserId }))).description).toMatch(/1 try left$/);
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.id } })).codeAttempts).toBe(2);
    expect((await errorOf(decisionOptions({ loginRequestId: created.id, decision: "approve", code: wrong, sessionUserId }))).code).toBe("login_request_code_attempts_exhausted");
    expect((await poll(client, created.id, created.secret)).body.status).toBe("rejected");
    expect((await errorOf(decideLoginRequest({ loginRequestId: created.id, decision: "approve", code: created.code, response: signed }))).code).toBe("login_request_not_found");
    expect(await db().auditEvent.count({ where: { type: "login_request.code_mismatch", subjectId: created.id } })).toBe(2);
  });

  it("a hosted request whose page stops beating expires; a late beat does not revive it; Cancel withdraws another", async () => {
    const client = await createTestClient();
    const { user } = await enrolled();
    const rid = await authorizeRequest(client);
    const status = async (created: { id: string; secret: string }) =>
      (await (
        await hostedStatusRoute(
          apiRequest("/api/devices/login-requests/status", { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://localhost:3999" }, body: JSON.stringify({ id: created.id, secret: created.secret }) }),
        )
      ).json()) as { status: string };
    const closed = await createHostedLoginRequest({ rid, phone: user.phone, ip: "203.0.113.70", userAgent: CHROME_UA });
    const open = await createHostedLoginRequest({ rid, phone: user.phone, ip: "203.0.113.71", userAgent: CHROME_UA });
    expect((await status(open)).status).toBe("pending");
    await db().loginRequest.update({ where: { id: closed.id }, data: { lastSeenAt: new Date(Date.now() - 61_000) } });
    expect((await pendingLoginRequests(user.id)).map((r) => r.id)).toEqual([open.id]);
    expect((await status(closed)).status).toBe("expired");
    expect((await status(closed)).status).toBe("expired");
    expect(await cancelLoginRequest({ id: open.id, secret: open.secret, ip: "203.0.113.71" })).toEqual({ status: "cancelled" });
    expect(await pendingLoginRequests(user.id)).toEqual([]);
    expect((await status(open)).status).toBe("cancelled");
    expect(await db().auditEvent.count({ where: { type: "login_request.cancelled", subjectId: open.id } })).toBe(1);
    // A partner's backend-polled request has no page, hence no heartbeat.
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: (await pendingFor(client, user)).id } })).lastSeenAt).toBeNull();
  });

  it("the hosted status route refuses cross-origin callers", async () => {
    const response = await hostedStatusRoute(
      apiRequest("/api/devices/login-requests/status", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
        body: JSON.stringify({ id: crypto.randomUUID(), secret: "x".repeat(20) }),
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe("device management", () => {
  it("rename and list are the user's own; another user's device is not found", async () => {
    const alice = await enrolled();
    const bob = await createTestUser();
    const renamed = await renameDevice({ userId: alice.user.id, deviceId: alice.device.id, name: "  Work phone\u0007 " });
    expect(renamed.name).toBe("Work phone");
    expect((await listDevices(alice.user.id)).map((d) => d.name)).toEqual(["Work phone"]);
    expect((await errorOf(renameDevice({ userId: bob.id, deviceId: alice.device.id, name: "mine" }))).code).toBe("device_not_found");
    expect((await errorOf(revokeDevice({ userId: bob.id, deviceId: alice.device.id }))).code).toBe("device_not_found");
    expect(await db().auditEvent.count({ where: { type: "device.renamed", subjectId: alice.device.id } })).toBe(1);
  });

  it("revoking a device revokes the tokens signed in through it and its unredeemed approvals", async () => {
    const client = await createTestClient();
    const { user, device, authenticator } = await enrolled();
    // Tokens through the device (API flavour) …
    const first = await (async () => {
      const response = await createLoginRequestRoute(
        apiRequest("/v1/login_requests", { method: "POST", headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" }, body: JSON.stringify({ identifier: user.phone }) }),
      );
      return (await response.json()) as { id: string; secret: string; code: string };
    })();
    const options = await decisionOptions({ loginRequestId: first.id, decision: "approve", code: first.code });
    await decideLoginRequest({ loginRequestId: first.id, decision: "approve", code: first.code, response: authenticationResponseSchema.parse(authenticator.assert(options)) });
    const pollResponse = await pollRoute(
      apiRequest(`/v1/login_requests/${first.id}/poll`, {
        method: "POST",
        headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify({ secret: first.secret }),
      }),
      { params: Promise.resolve({ id: first.id }) },
    );
    const tokens = ((await pollResponse.json()) as { oauth_token: { refresh_token: string } }).oauth_token;
    const rotated = await refresh(client, tokens.refresh_token);
    expect(rotated.status).toBe(200);
    // Rotation carries the device to the successor token.
    expect((await db().refreshToken.findFirstOrThrow({ where: { rotatedAt: null, userId: user.id } })).deviceId).toBe(device.id);
    // … and an approval not yet redeemed.
    const rid = await authorizeRequest(client);
    const second = await createHostedLoginRequest({ rid, phone: user.phone, ip: "x", userAgent: null });
    const options2 = await decisionOptions({ loginRequestId: second.id, decision: "approve", code: second.code });
    await decideLoginRequest({ loginRequestId: second.id, decision: "approve", code: second.code, response: authenticationResponseSchema.parse(authenticator.assert(options2)) });

    const result = await revokeDevice({ userId: user.id, deviceId: device.id });
    // The rotated token and its successor: the whole family.
    expect(result.revoked).toMatchObject({ refresh_tokens: 2, login_requests: 1 });
    expect((await refresh(client, rotated.body.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await errorOf(signInWithApproval({ id: second.id, secret: second.secret, rid, ip: "x" }))).code).toBe("login_request_not_found");
    expect(await isDeviceLive(device.id)).toBe(false);
    expect(await listDevices(user.id)).toEqual([]);
    expect((await listDevicesForAdmin(user.id))[0]?.revokedAt).not.toBeNull();
    // A revoked device's passkey no longer signs in.
    const signIn = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "after" });
    expect((await errorOf(verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(signIn)), purpose: "sign_in", subjectId: "after" }))).code).toBe("webauthn_verification_failed");
    expect(await db().auditEvent.count({ where: { type: "device.revoked", subjectId: device.id } })).toBe(1);
  });

  it("an admin can revoke a user's device (audited with the admin as actor)", async () => {
    const { user, device } = await enrolled();
    await revokeDeviceAsAdmin({ userId: user.id, deviceId: device.id, actor: { type: "admin", id: "ops" }, reason: "lost phone" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "device.revoked", subjectId: device.id } });
    expect(event).toMatchObject({ actorType: "admin", actorId: "ops", data: { reason: "lost phone" } });
  });
});
