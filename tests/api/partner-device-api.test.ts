// Partners driving the device flows from their own backend (issue 18, partner-API half): every seed
// example body sent verbatim with the seed's status and fields, validate without tracking, the
// login-request identifier (phone, email, the partner's client_user_id), the signed Cotter event,
// backend-started enrolment, an intent's review decision reaching an existing user, fictional
// numbers, and device webhooks reaching a partner's receiver.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { compactVerify, createLocalJWKSet } from "jose";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { POST as untrackedOptionsRoute } from "@/app/api/actions/untracked/options/route";
import { POST as untrackedVerifyRoute } from "@/app/api/actions/untracked/verify/route";
import { POST as factorsRoute } from "@/app/authenticator/v0.1/factors/route";
import { PATCH as factorRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/route";
import { POST as challengeRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/challenge/route";
import { PATCH as challengeVerifyRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/challenge/[challenge_id]/route";
import { PATCH as projectRoute } from "@/app/console/v0.2/workspaces/[workspace_id]/projects/[project_id]/route";
import { POST as createLoginRequestRoute } from "@/app/v1/login_requests/route";
import { POST as pollRoute } from "@/app/v1/login_requests/[id]/poll/route";
import { POST as verificationRoute } from "@/app/v1/partner/identity/verification/route";
import { POST as intentRoute } from "@/app/v1/user_intent/route";
import { POST as trackRoute } from "@/app/v1/users/[userId]/actions/[action]/route";
import { POST as validateRoute } from "@/app/v1/validate/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { setSandboxAutoApprove } from "@/lib/clients/update-client";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { db } from "@/lib/db";
import { decideLoginRequest, decisionOptions } from "@/lib/devices/login-requests";
import { revokeDevice } from "@/lib/devices/manage-devices";
import { startSdkSignIn } from "@/lib/devices/sdk-window";
import { registrationOptions, verifyRegistration } from "@/lib/devices/register-device";
import { mintAddAuthenticatorToken } from "@/lib/devices/registration-token";
import { authenticationResponseSchema, registrationResponseSchema } from "@/lib/devices/schemas";
import { assertionOptions, verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { ProductError } from "@/lib/errors/product";
import { coarseLocation } from "@/lib/geo/coarse-location";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { normalizePhone, PHONE_EXAMPLE, phoneSchema } from "@/lib/phone/normalize";
import { twilioProvider } from "@/lib/sms/twilio-provider";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { setRuleSet } from "@/lib/risk-actions/rule-store";
import { appCode } from "../support/authenticator";
import { startCustomerApi, respond, type CustomerApi } from "../support/customer-api";
import { apiRequest, basicAuth, createTestClient, validIntent } from "../support/fixtures";
import { createTestUser, type TestUser } from "../support/oauth-fixtures";
import { loadVerifyWebhook, readmeExample } from "../support/readme-examples";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { newPhone } from "../support/trusted-auth";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Answer<T = Record<string, unknown>> = { status: number; headers: Headers; body: T & { error?: string; error_description?: string } };

async function answer<T = Record<string, unknown>>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

function partnerRequest(client: CreatedClient, urlPath: string, body: unknown, init: { method?: string; contentType?: string; raw?: boolean; ip?: string } = {}) {
  return apiRequest(urlPath, {
    method: init.method ?? "POST",
    ip: init.ip,
    headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": init.contentType ?? "application/json" },
    body: init.raw ? (body as string) : JSON.stringify(body),
  });
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) });

let receiver: WebhookReceiver;
let customerApi: CustomerApi;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  customerApi = await startCustomerApi();
});

afterAll(async () => {
  await receiver?.close();
  await customerApi?.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  receiver.received.length = 0;
});

/** A user linked to `client` by consent. */
async function linkedUser(client: CreatedClient, overrides: Parameters<typeof createTestUser>[0] = {}): Promise<TestUser> {
  const user = await createTestUser(overrides);
  await db().consent.create({ data: { userId: user.id, clientId: client.client_id, scopes: ["openid"] } });
  return user;
}

/** Registers a passkey for `user` through a registration token (the session is that user's). */
async function enrol(user: { id: string }, authenticator = new SoftAuthenticator(), clientId: string | null = null) {
  const minted = await db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId: user.id, clientId, actor: { type: "user", id: user.id } }));
  const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
  const device = await verifyRegistration({ token: minted.token, sessionUserId: user.id, response: registrationResponseSchema.parse(authenticator.register(options)), userAgent: null, ip: "203.0.113.7" });
  return { authenticator, device };
}

/** A UserIntent of `client` converted to a user (as the end user's sign-in does). */
async function convertedIntent(client: CreatedClient, overrides: Record<string, unknown> = {}) {
  const phone = (overrides.phone as string | undefined) ?? newPhone();
  const intent = await createUserIntent(client.client_id, createUserIntentInput.parse(validIntent({ ...overrides, phone })), { type: "client", id: client.client_id });
  const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: client.client_id, phone }));
  return { intent, userId, phone };
}

async function createLoginRequest(client: CreatedClient, body: Record<string, unknown>) {
  return answer<{ id: string; secret: string; code: string }>(await createLoginRequestRoute(partnerRequest(client, "/v1/login_requests", body)));
}

async function poll(client: CreatedClient, id: string, secret: string) {
  return answer<Record<string, unknown> & { signature: string; oauth_token?: Record<string, unknown> }>(await pollRoute(partnerRequest(client, `/v1/login_requests/${id}/poll`, { secret }), params({ id })));
}

async function approve(authenticator: SoftAuthenticator, loginRequestId: string, code: string) {
  // The user types the number the waiting side shows (typed number matching).
  const options = await decisionOptions({ loginRequestId, decision: "approve", code });
  await decideLoginRequest({ loginRequestId, decision: "approve", code, response: authenticationResponseSchema.parse(authenticator.assert(options)), ip: "198.51.100.4" });
}

async function publishedJwks() {
  return (await answer<{ keys: Record<string, unknown>[] }>(await jwksRoute(apiRequest("/.well-known/jwks.json")))).body;
}

describe("seed examples, verbatim (table)", () => {
  // The seeds (Astra trusted auth and UserIntent, tru.ID Authenticator, Cotter trusted device,
  // Authsignal trusted device) as given to this project; each row quotes its example.
  it("each example body goes to its endpoint and gets the seed's status and fields", async () => {
    const client = await createTestClient({ redirectUris: ["https://yourapp.com/callback"] });
    await setSandboxAutoApprove(client.client_id, true, { type: "cli" });
    await updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl: customerApi.url, customerApiHeader: "X-Partner-Key: k" }, { type: "cli" });
    vi.stubEnv("SMS_PROVIDER", "twilio"); // live SMS: only the sandbox switch lets the seed's fictional phone in
    const user = await linkedUser(client, { status: "approved" });
    const { authenticator } = await enrol(user);

    type Row = { seed: string; what: string; send: () => Promise<Answer<Record<string, unknown>>>; status: number; fields?: Record<string, unknown>; check?: (a: Answer<Record<string, unknown>>) => void | Promise<void> };
    let factorId = "";
    let otpauth = "";
    let challengeId = "";
    let loginRequest = { id: "", secret: "" };
    const rows: Row[] = [
      {
        seed: "000 Astra UserIntent",
        what: "the seed customer's phone +15555551234 on a sandbox client's intent",
        send: async () => answer(await intentRoute(partnerRequest(client, "/v1/user_intent", validIntent({ phone: "+15555551234", first_name: "Jane", last_name: "Doe" })))),
        status: 201,
        fields: { phone: "+15555551234", status: "approved" },
      },
      {
        seed: "000 Astra trusted auth",
        what: 'POST /v1/partner/identity/verification with the seed body (both ids: the seed says "not both")',
        send: async () =>
          answer(await verificationRoute(partnerRequest(client, "/v1/partner/identity/verification", { provider: "Unit", provider_data: { customer_id: "123456" }, user_id: "user_123456", user_intent_id: "user_intent_123456" }))),
        status: 400,
        fields: { error: "user_reference_ambiguous" },
      },
      {
        seed: "000 Astra trusted auth",
        what: "the seed's customer response (phone +15555551234) matches the intent and mints a token",
        send: async () => {
          const intent = await db().userIntent.findFirstOrThrow({ where: { clientId: client.client_id, phone: "+15555551234" } });
          customerApi.answer("123456", respond.json({ customer_id: "123456", first_name: "Jane", last_name: "Doe", phone: "+15555551234", lastAuthenticationTime: new Date(Date.now() - 60_000).toISOString() }));
          return answer(await verificationRoute(partnerRequest(client, "/v1/partner/identity/verification", { provider: "Unit", provider_data: { customer_id: "123456" }, user_intent_id: intent.id })));
        },
        status: 200,
        check: (a) => expect(a.body.token).toMatch(/^\S{20,}$/),
      },
      {
        seed: "002 tru.ID project setup",
        what: "PATCH the project with the seed's JSON Patch",
        send: async () =>
          answer(
            await projectRoute(
              partnerRequest(
                client,
                `/console/v0.2/workspaces/${client.workspace_id}/projects/${client.project_id}`,
                // The seed's text lacks the comma after challenge_callback_url (invalid JSON); the fields are its own.
                [
                  {
                    op: "add",
                    path: "/configuration",
                    value: { authenticator: { issuer_name: "https://example.com/handle-flow", challenge_callback_url: "https://example.com/app/challenges", challenge_default_message: "Please confirm your login" } },
                  },
                ],
                { method: "PATCH", contentType: "application/json-patch+json" },
              ),
              params({ workspace_id: client.workspace_id, project_id: client.project_id }),
            ),
          ),
        status: 200,
        check: (a) => expect((a.body.configuration as { authenticator: unknown }).authenticator).toMatchObject({ issuer_name: "https://example.com/handle-flow", challenge_default_message: "Please confirm your login" }),
      },
      {
        seed: "002 tru.ID onboarding",
        what: "POST /authenticator/v0.1/factors with phone_number and external_user_id → 200 OK with data_url",
        send: async () => answer(await factorsRoute(partnerRequest(client, "/authenticator/v0.1/factors", { phone_number: "+447911123456", external_user_id: "user-1234" }))),
        status: 200,
        check: (a) => {
          expect(a.body.data_url).toMatch(/^data:image\/png;base64,/);
          expect(a.headers.get("location")).toContain(`/authenticator/v0.1/factors/${a.body.factor_id as string}`);
          factorId = a.body.factor_id as string;
          otpauth = a.body.url as string;
        },
      },
      {
        seed: "002 tru.ID onboarding",
        what: "PATCH the factor with the TOTP code → active",
        send: async () => answer(await factorRoute(partnerRequest(client, `/authenticator/v0.1/factors/${factorId}`, { code: await appCode(otpauth, Date.now()) }, { method: "PATCH" }), params({ factor_id: factorId }))),
        status: 200,
        fields: { status: "ACTIVE" },
      },
      {
        seed: "002 tru.ID challenges",
        what: "POST …/challenge with a reference_id → 200 OK with challenge_id",
        send: async () => answer(await challengeRoute(partnerRequest(client, `/authenticator/v0.1/factors/${factorId}/challenge`, { reference_id: "login-42" }), params({ factor_id: factorId }))),
        status: 200,
        check: (a) => {
          expect(a.body.challenge_id).toEqual(expect.any(String));
          expect(a.headers.get("location")).toContain(`/challenge/${a.body.challenge_id as string}`);
          challengeId = a.body.challenge_id as string;
        },
      },
      {
        seed: "002 tru.ID challenges",
        what: "PATCH the challenge with the TOTP code → 200 OK, status VERIFIED",
        send: async () => {
          // The same 30-second step was spent activating the factor: the next one answers the challenge.
          const code = await appCode(otpauth, Date.now() + 30_000);
          return answer(
            await challengeVerifyRoute(
              partnerRequest(client, `/authenticator/v0.1/factors/${factorId}/challenge/${challengeId}`, [{ op: "add", path: "/code", value: code }], { method: "PATCH", contentType: "application/json-patch+json" }),
              params({ factor_id: factorId, challenge_id: challengeId }),
            ),
          );
        },
        status: 200,
        fields: { status: "VERIFIED" },
      },
      {
        seed: "004 Authsignal track",
        what: 'track "signIn" with attributes.redirectUrl "https://yourapp.com/callback"',
        send: async () => answer(await trackRoute(partnerRequest(client, `/v1/users/${user.id}/actions/signIn`, { attributes: { redirectUrl: "https://yourapp.com/callback" } }), params({ userId: user.id, action: "signIn" }))),
        status: 200,
        check: (a) => {
          expect(a.body).toMatchObject({ state: "CHALLENGE_REQUIRED", token: expect.stringMatching(/^tga_/), url: expect.stringContaining("/challenge/") });
        },
      },
      {
        seed: "004 Authsignal validate",
        what: 'validateChallenge with the seed\'s placeholder token "eyJhbGciOiJ..."',
        send: async () => answer(await validateRoute(partnerRequest(client, "/v1/validate", { token: "eyJhbGciOiJ..." }))),
        status: 200,
        fields: { isValid: false, state: null },
      },
      {
        seed: "004 Authsignal validate without track",
        what: "device.verify() without a tracked action, then validate {token, action}",
        send: async () => {
          const options = await answer<{ challenge: string }>(await untrackedOptionsRoute(sameOrigin("/api/actions/untracked/options", { client_id: client.client_id, action: "signIn" })));
          const verified = await answer<{ token: string }>(await untrackedVerifyRoute(sameOrigin("/api/actions/untracked/verify", { client_id: client.client_id, action: "signIn", response: authenticator.assert(options.body) })));
          return answer(await validateRoute(partnerRequest(client, "/v1/validate", { token: verified.body.token, action: "signIn" })));
        },
        status: 200,
        fields: { isValid: true, state: "CHALLENGE_SUCCEEDED", userId: user.id, action: "signIn", verificationMethod: "DEVICE" },
      },
      {
        seed: "003 Cotter signInWithDevice",
        what: "a login request for the seed's phone +15555551234 (sandbox client, live SMS)",
        send: async () => {
          const created = await createLoginRequest(client, { identifier: "+15555551234", ip_address: "172.92.5.201" });
          loginRequest = { id: created.body.id, secret: created.body.secret };
          return created as Answer<Record<string, unknown>>;
        },
        status: 201,
        fields: { status: "pending" },
      },
      {
        seed: "003 Cotter event",
        what: "the poll answer has every field of the seed's event object, with the seed's types",
        send: async () => poll(client, loginRequest.id, loginRequest.secret),
        status: 200,
        check: (a) => {
          const seedEvent = {
            ID: 2535926,
            CreatedAt: "",
            DeletedAt: "0001-01-01T00:00:00Z",
            UpdatedAt: "",
            approved: true,
            client_user_id: "",
            event: "LOGIN",
            ip: "",
            issuer: "",
            location: "San Francisco",
            method: "TRUSTED_DEVICE",
            new: false,
            signature: "",
            timestamp: "",
            user_id: "",
          };
          for (const key of Object.keys(seedEvent)) expect(a.body, key).toHaveProperty(key);
          expect(a.body).toMatchObject({ ID: expect.any(Number), DeletedAt: "0001-01-01T00:00:00Z", event: "LOGIN", method: "TRUSTED_DEVICE", new: false, ip: "172.92.5.201", location: "San Francisco", issuer: client.client_id });
          expect(a.body.timestamp).toMatch(/^\d{10}$/);
          expect(a.body.signature).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        },
      },
    ];

    for (const row of rows) {
      const got = await row.send();
      expect(got.status, `${row.seed}: ${row.what} → ${JSON.stringify(got.body)}`).toBe(row.status);
      if (row.fields) expect(got.body, `${row.seed}: ${row.what}`).toMatchObject(row.fields);
      await row.check?.(got);
    }
  });
});

/** A same-origin JSON request, as Trustgate's own pages (the SDK's popup) send it. */
function sameOrigin(urlPath: string, body: unknown) {
  return apiRequest(urlPath, { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://localhost:3999" }, body: JSON.stringify(body) });
}

describe("POST /v1/validate with action (tracking optional)", () => {
  async function untrackedToken(client: CreatedClient, authenticator: SoftAuthenticator, action = "withdrawal") {
    const options = await answer<{ challenge: string; allowCredentials?: unknown[] }>(await untrackedOptionsRoute(sameOrigin("/api/actions/untracked/options", { client_id: client.client_id, action })));
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials ?? []).toEqual([]);
    return answer<{ state: string; token: string; idempotencyKey: string }>(
      await untrackedVerifyRoute(sameOrigin("/api/actions/untracked/verify", { client_id: client.client_id, action, response: authenticator.assert(options.body) })),
    );
  }
  const validate = (client: CreatedClient, body: Record<string, unknown>) => validateRoute(partnerRequest(client, "/v1/validate", body)).then((r) => answer(r));

  it("validate-without-track: an untracked token is valid once, for the action it was verified for", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const { authenticator } = await enrol(user);
    const verified = await untrackedToken(client, authenticator);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ state: "CHALLENGE_SUCCEEDED", token: expect.stringMatching(/^tga_/) });

    // Another action: refused, and the token stays unspent.
    expect((await validate(client, { token: verified.body.token, action: "signIn" })).body).toMatchObject({ isValid: false, action: "withdrawal" });
    // Another client cannot use it at all.
    const other = await createTestClient();
    expect((await validate(other, { token: verified.body.token, action: "withdrawal" })).body).toMatchObject({ isValid: false, userId: null });
    expect((await validate(client, { token: verified.body.token, action: "withdrawal" })).body).toMatchObject({ isValid: true, userId: user.id, action: "withdrawal", state: "CHALLENGE_SUCCEEDED" });
    expect((await validate(client, { token: verified.body.token, action: "withdrawal" })).body).toMatchObject({ isValid: false, action: "withdrawal" });
    const row = await db().action.findUniqueOrThrow({ where: { idempotencyKey: verified.body.idempotencyKey } });
    expect(row).toMatchObject({ action: "withdrawal", userId: user.id, clientId: client.client_id });
    const events = await db().auditEvent.findMany({ where: { subjectId: row.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["action.challenge_succeeded", "action.validated", "action.validated", "action.validated"]);
  });

  it("a tracked token validates only its own action, and a mismatch does not spend it", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client); // no device: the default CHALLENGE… rules say ALLOW for this action
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "ALLOW", rules: [] }, { type: "cli" });
    const tracked = await answer<{ token: string; state: string }>(await trackRoute(partnerRequest(client, `/v1/users/${user.id}/actions/signIn`, { attributes: {} }), params({ userId: user.id, action: "signIn" })));
    expect(tracked.body.state).toBe("ALLOW");
    expect((await validate(client, { token: tracked.body.token, action: "withdrawal" })).body).toMatchObject({ isValid: false, action: "signIn" });
    expect((await validate(client, { token: tracked.body.token, action: "signIn" })).body).toMatchObject({ isValid: true, action: "signIn" });
  });

  it("an untracked verification refuses a user of another partner", async () => {
    const client = await createTestClient();
    const stranger = await createTestUser();
    const { authenticator } = await enrol(stranger);
    const refused = await untrackedToken(client, authenticator);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("action_challenge_unavailable");
    expect(await db().action.count({ where: { clientId: client.client_id } })).toBe(0);
  });
});

describe("POST /v1/login_requests identifier: phone, email or client_user_id", () => {
  it("login-identifier-scoped-per-client: email and client_user_id find only this client's linked user; anything else answers like an unknown phone", async () => {
    const client = await createTestClient();
    const other = await createTestClient();
    const { userId, intent } = await convertedIntent(client, { email: "jane.login@example.com", client_user_id: "abcdefgh-d15c-466f-aaa3-f029a8e534c3" });
    expect(intent.client_user_id).toBe("abcdefgh-d15c-466f-aaa3-f029a8e534c3");
    // The other partner uses the same username for somebody else.
    const { userId: otherUser } = await convertedIntent(other, { client_user_id: "abcdefgh-d15c-466f-aaa3-f029a8e534c3" });

    for (const identifier of ["jane.login@example.com", "JANE.LOGIN@example.com", "abcdefgh-d15c-466f-aaa3-f029a8e534c3"]) {
      const created = await createLoginRequest(client, { identifier });
      expect(created.status, identifier).toBe(201);
      expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } })).userId, identifier).toBe(userId);
    }
    const theirs = await createLoginRequest(other, { identifier: "abcdefgh-d15c-466f-aaa3-f029a8e534c3" });
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: theirs.body.id } })).userId).toBe(otherUser);

    // Unknown email, unknown username, another client's email: the same 201, a request nobody sees.
    for (const identifier of ["nobody@example.com", "no-such-user", "jane.login@example.com"]) {
      const created = await createLoginRequest(identifier === "jane.login@example.com" ? other : client, { identifier });
      expect(Object.keys(created.body).sort()).toEqual(["code", "expires_at", "id", "secret", "status"]);
      expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } })).userId).toBeNull();
    }
    const bad = await createLoginRequest(client, { identifier: "has space" });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain("client_user_id");
  });

  it("sdk-sign-in-identifier: the web SDK's door (no client secret) takes a phone only — an email or client_user_id there would be an account oracle", async () => {
    const client = await createTestClient();
    await convertedIntent(client, { email: "sdk.login@example.com", client_user_id: "sdk-user-1" });
    const { redirectUris } = await db().client.findUniqueOrThrow({ where: { id: client.client_id }, select: { redirectUris: true } });
    const origin = new URL(redirectUris[0]!).origin;
    for (const identifier of ["sdk.login@example.com", "sdk-user-1"]) {
      await expect(startSdkSignIn({ clientId: client.client_id, origin, identifier, ip: "127.0.0.1", userAgent: null }), identifier).rejects.toMatchObject({ code: "validation_failed" });
    }
  });

  it("login-identifier-email-from-own-intents: another partner's unverified email on the user never resolves an email identifier", async () => {
    const client = await createTestClient();
    const other = await createTestClient();
    // The attacker's account got victim@… as its email through another partner's intent, then consented to `client`.
    const { userId: attacker } = await convertedIntent(other, { email: "victim.elsewhere@example.com" });
    await db().consent.create({ data: { userId: attacker, clientId: client.client_id, scopes: ["openid"] } });
    const created = await createLoginRequest(client, { identifier: "victim.elsewhere@example.com" });
    expect(created.status).toBe(201);
    expect((await db().loginRequest.findUniqueOrThrow({ where: { id: created.body.id } })).userId).toBeNull();
  });

  it("client_user_id is unique per client", async () => {
    const client = await createTestClient();
    const first = await intentRoute(partnerRequest(client, "/v1/user_intent", validIntent({ client_user_id: "u-77" })));
    expect(first.status).toBe(201);
    const again = await answer(await intentRoute(partnerRequest(client, "/v1/user_intent", validIntent({ client_user_id: "u-77" }))));
    expect(again.status).toBe(409);
    expect(again.body.error).toBe("client_user_id_taken");
  });
});

describe("the Cotter event object", () => {
  it("login-event-signature-verifies-with-the-jwks (README recipe, jose, over HTTP): numeric ID, client_user_id, location, DeletedAt, new", async () => {
    const client = await createTestClient();
    const { userId } = await convertedIntent(client, { client_user_id: "crm-5512" });
    const { authenticator } = await enrol({ id: userId });
    const created = await createLoginRequest(client, { identifier: "crm-5512", ip_address: "172.92.5.201" });
    await approve(authenticator, created.body.id, created.body.code);
    const approved = await poll(client, created.body.id, created.body.secret);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      ID: expect.any(Number),
      id: created.body.id,
      approved: true,
      user_id: userId,
      client_user_id: "crm-5512",
      location: "San Francisco",
      DeletedAt: "0001-01-01T00:00:00Z",
      new: false,
      oauth_token: expect.objectContaining({ auth_method: "TRUSTED_DEVICE" }),
    });

    // jose against the published key set.
    const jwks = createLocalJWKSet((await publishedJwks()) as never);
    const { payload, protectedHeader } = await compactVerify(approved.body.signature, jwks, { algorithms: ["ES256"] });
    expect(protectedHeader).toMatchObject({ typ: "trustgate-login-event+jwt", aud: client.client_id });
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const rest: Record<string, unknown> = { ...approved.body };
    delete rest.signature;
    delete rest.oauth_token;
    // The event's fields, plus who signed it and for how long it stands.
    expect(signed).toEqual({ ...rest, iss: "http://localhost:3999", iat: expect.any(Number), exp: expect.any(Number) });
    // A tampered event no longer matches (the signature covers the fields).
    const [h, , s] = approved.body.signature.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...signed, user_id: "someone-else" })).toString("base64url")}.${s}`;
    await expect(compactVerify(forged, jwks, { algorithms: ["ES256"] })).rejects.toThrow();

    // The README's recipe, as a partner pastes it, against /.well-known/jwks.json served over HTTP.
    const server = http.createServer(async (req, res) => {
      const response = await jwksRoute(apiRequest(req.url ?? "/"));
      res.writeHead(response.status, { "Content-Type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      vi.stubEnv("TRUSTGATE_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      vi.stubEnv("CLIENT_ID", client.client_id);
      const dir = path.join(ROOT, "node_modules", ".cache", "tg-readme");
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `verify-login-event-${process.pid}-${Date.now()}.mjs`);
      fs.writeFileSync(file, readmeExample("verify-login-event").code);
      const { verifyLoginEvent } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyLoginEvent: (event: unknown) => Promise<Record<string, unknown>> };
      expect(await verifyLoginEvent(approved.body)).toMatchObject({ user_id: userId, client_user_id: "crm-5512" });
      await expect(verifyLoginEvent({ ...approved.body, user_id: "someone-else" })).rejects.toThrow(/differs/);
      fs.rmSync(file);
    } finally {
      server.close();
    }
  });

  it("location is coarse and offline: a public IP's city, unknown for private, loopback and documentation addresses", () => {
    expect(coarseLocation("172.92.5.201")).toBe("San Francisco");
    for (const ip of ["127.0.0.1", "10.1.2.3", "192.168.0.9", "::1", "203.0.113.7", "fd00::1", "not-an-ip", null]) expect(coarseLocation(ip), String(ip)).toBe("unknown");
  });
});

describe("backend-started enrolment (track addAuthenticator)", () => {
  const track = (client: CreatedClient, userId: string) =>
    trackRoute(partnerRequest(client, `/v1/users/${userId}/actions/addAuthenticator`, {}), params({ userId, action: "addAuthenticator" })).then((r) =>
      answer<{ token: string; state: string; idempotencyKey: string; url: string | null; isEnrolled: boolean }>(r),
    );

  it("backend-started-enrolment-token-single-use: a 5-minute tgd_ token for a linked user, audited, redeemed once under concurrency", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const tracked = await track(client, user.id);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ state: "ALLOW", token: expect.stringMatching(/^tgd_/), url: null, isEnrolled: false, ruleIds: [] });
    const row = await db().deviceRegistrationToken.findUniqueOrThrow({ where: { id: tracked.body.idempotencyKey } });
    expect(row).toMatchObject({ userId: user.id, clientId: client.client_id, usedAt: null });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(300_000);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { subjectId: row.id, type: "action.tracked" } });
    expect(audit).toMatchObject({ actorType: "client", actorId: client.client_id, userId: user.id });

    // Redeeming needs that same user's session; two ceremonies race for the one token: one device.
    const authenticator = new SoftAuthenticator();
    await expect(registrationOptions({ token: tracked.body.token, sessionUserId: (await createTestUser()).id })).rejects.toMatchObject({ code: "device_registration_token_invalid" });
    const [a, b] = await Promise.all([registrationOptions({ token: tracked.body.token, sessionUserId: user.id }), registrationOptions({ token: tracked.body.token, sessionUserId: user.id })]);
    const results = await Promise.allSettled(
      [a, b].map((options) => verifyRegistration({ token: tracked.body.token, sessionUserId: user.id, response: registrationResponseSchema.parse(authenticator.register(options)), userAgent: null, ip: "203.0.113.7" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ProductError);
    expect((failed.reason as ProductError).code).toBe("device_registration_token_invalid");
    expect(await db().device.count({ where: { userId: user.id } })).toBe(1);
  });

  it("is refused for a user not linked to the client, like an unknown user", async () => {
    const client = await createTestClient();
    const stranger = await createTestUser();
    const refused = await track(client, stranger.id);
    expect(refused.status).toBe(404);
    expect(await db().deviceRegistrationToken.count({ where: { userId: stranger.id } })).toBe(0);
  });
});

describe("an intent's review decision on an existing user", () => {
  it("intent-status-applies-when-stricter: retry reaches a pending user (user_updated to every linked partner); document on an approved user is kept and recorded", async () => {
    const first = await createTestClient();
    const second = await createTestClient();
    await setWebhookUrl(first.client_id, receiver.url, { type: "cli" });
    await setWebhookUrl(second.client_id, receiver.url, { type: "cli" });
    const phone = newPhone();
    const user = await db().user.create({ data: { phone, status: "pending" } });
    await db().consent.create({ data: { userId: user.id, clientId: first.client_id, scopes: ["openid"] } });

    const intent = await createUserIntent(second.client_id, createUserIntentInput.parse(validIntent({ phone })), { type: "client", id: second.client_id });
    await db().userIntent.update({ where: { id: intent.id }, data: { status: "retry" } });
    await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: second.client_id, phone }));
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("retry");
    const deliveries = await db().webhookDelivery.findMany({ where: { eventType: "user_updated", clientId: { in: [first.client_id, second.client_id] } } });
    expect(deliveries.map((d) => d.clientId).sort()).toEqual([first.client_id, second.client_id].sort());

    // A looser decision never loosens; a stricter one the machine forbids is recorded, not dropped.
    const approvedPhone = newPhone();
    const approvedUser = await db().user.create({ data: { phone: approvedPhone, status: "approved" } });
    for (const status of ["approved", "document"] as const) {
      const next = await createUserIntent(second.client_id, createUserIntentInput.parse(validIntent({ phone: approvedPhone })), { type: "client", id: second.client_id });
      await db().userIntent.update({ where: { id: next.id }, data: { status } });
      await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: next.id, clientId: second.client_id, phone: approvedPhone }));
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: approvedUser.id } })).status).toBe("approved");
    const kept = await db().auditEvent.findMany({ where: { userId: approvedUser.id, type: "user.intent_status_kept" } });
    expect(kept).toHaveLength(1);
    expect(kept[0]!.data).toMatchObject({ user_status: "approved", intent_status: "document" });

    // suspended is allowed from approved: it applies.
    const suspending = await createUserIntent(second.client_id, createUserIntentInput.parse(validIntent({ phone: approvedPhone })), { type: "client", id: second.client_id });
    await db().userIntent.update({ where: { id: suspending.id }, data: { status: "suspended" } });
    await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: suspending.id, clientId: second.client_id, phone: approvedPhone }));
    expect((await db().user.findUniqueOrThrow({ where: { id: approvedUser.id } })).status).toBe("suspended");
  });
});

describe("fictional numbers", () => {
  it("sandbox-numbers: the outbox and sandbox clients accept 555-01xx and the seed's number; live SMS stays strict; the error's example is accepted", async () => {
    for (const phone of ["+15555551234", "+15555550100", "+12025550142", "(202) 555-0199"]) expect(normalizePhone(phone, { fictional: true }), phone).not.toBeNull();
    for (const phone of ["+15555551234", "+15555550100"]) expect(normalizePhone(phone, { fictional: false }), phone).toBeNull();
    expect(normalizePhone("+15555550200", { fictional: true })).toBeNull(); // outside 555-01xx
    expect(normalizePhone(PHONE_EXAMPLE, { fictional: false })).toBe(PHONE_EXAMPLE);

    vi.stubEnv("SMS_PROVIDER", "outbox");
    expect(phoneSchema.parse("+15555551234")).toBe("+15555551234");

    vi.stubEnv("SMS_PROVIDER", "twilio");
    const refused = phoneSchema.safeParse("+15555551234");
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toContain(PHONE_EXAMPLE);
    const live = await createTestClient();
    const intent = await answer(await intentRoute(partnerRequest(live, "/v1/user_intent", validIntent({ phone: "+15555551234" }))));
    expect(intent.status).toBe(400);
    expect(intent.body.error_description).toContain(PHONE_EXAMPLE);
    expect(await db().userIntent.count({ where: { clientId: live.client_id } })).toBe(0);
    expect((await createLoginRequest(live, { identifier: "+15555551234" })).status).toBe(400);
    const sandbox = await createTestClient();
    await setSandboxAutoApprove(sandbox.client_id, true, { type: "cli" });
    expect((await intentRoute(partnerRequest(sandbox, "/v1/user_intent", validIntent({ phone: "+15555551234" })))).status).toBe(201);
    // The live provider never sends to a fictional number (refused before any network call).
    const provider = twilioProvider({ accountSid: "AC0", authToken: "t", from: "+12015550123", messagingServiceSid: null, apiBaseUrl: "http://127.0.0.1:9" } as never);
    await expect(provider.send("+15555551234", "code 123456")).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("device webhooks", () => {
  it("device-webhooks-reach-the-partner: device.added (its own enrolment), device.suspicious and device.revoked, signed like every webhook", async () => {
    const client = await createTestClient();
    await setWebhookUrl(client.client_id, receiver.url, { type: "cli" });
    const unlinked = await createTestClient();
    await setWebhookUrl(unlinked.client_id, receiver.url, { type: "cli" });
    const user = await linkedUser(client);
    // Backend-started enrolment by this partner (tests/security/partner-flows-hardening.test.ts has who else hears of it).
    const { authenticator, device } = await enrol(user, new SoftAuthenticator(), client.client_id);

    // A clone: the device signs at counter 5, then a copy signs at counter 3.
    const first = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone-test" });
    await verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(first, { counter: 5 })), purpose: "sign_in", subjectId: "clone-test" });
    const options = await assertionOptions({ purpose: "sign_in", userId: null, subjectId: "clone-test" });
    await expect(verifyDeviceAssertion({ response: authenticationResponseSchema.parse(authenticator.assert(options, { counter: 3 })), purpose: "sign_in", subjectId: "clone-test" })).rejects.toMatchObject({
      code: "device_flagged",
    });
    await revokeDevice({ userId: user.id, deviceId: device.id, ip: "203.0.113.7" });

    while ((await runDeliveryBatch()).claimed > 0);
    // Only this user's deliveries (earlier tests of this file queue others to the same receiver).
    const deliveries = receiver.received
      .map((r) => ({ raw: r, body: JSON.parse(r.rawBody) as { webhook_type: string; user_id: string; resource_id: string; device: { id: string; reason: string | null } } }))
      .filter((d) => d.body.user_id === user.id);
    const mine = deliveries.map((d) => d.body);
    expect(mine.map((b) => b.webhook_type).sort()).toEqual(["device.added", "device.revoked", "device.suspicious"]);
    for (const body of mine) expect(body).toMatchObject({ user_id: user.id, resource_id: device.id, device: { id: device.id } });
    expect(mine.find((b) => b.webhook_type === "device.suspicious")!.device.reason).toBe("counter_regression");
    const verify = loadVerifyWebhook("verify-webhook");
    for (const { raw } of deliveries) expect(verify(raw.rawBody, raw.signature, client.signing_secret)).toBe(true);
    expect(await db().webhookDelivery.count({ where: { clientId: unlinked.client_id } })).toBe(0);
  });
});
