// The seed's Authenticator workflows against the production build over real HTTP, as a partner's
// backend would run them: client_credentials token, project JSON Patch, factor onboarding from the
// QR code, challenge verification — and the signed callback arriving at the partner's endpoint; then
// the other seeds' example bodies (Astra, Cotter, Authsignal) with their status codes and fields.
import { compactVerify, createRemoteJWKSet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { loadVerifyWebhook } from "../support/readme-examples";
import { runCli, startServer, type RunningServer } from "../support/server";
import { localhostCertificate, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let server: RunningServer;
let partner: { client_id: string; client_secret: string; workspace_id: string; project_id: string; signing_secret: string };
let token: string;
/** The partner's callback endpoint: HTTPS (production accepts nothing else), trusted by the server. */
let receiver: WebhookReceiver;
let signingSecret: string;

beforeAll(async () => {
  const tls = localhostCertificate();
  receiver = await startWebhookReceiver({ tls });
  server = await startServer({ env: { NODE_EXTRA_CA_CERTS: tls.certFile } });
  const env = { TRUSTGATE_DATA_DIR: server.dataDir };
  const created = await runCli(["client", "create", "--name", "Acme Authenticator", "--redirect-uri", "https://acme.example/cb", "--json"], env);
  expect(created.code, created.stderr).toBe(0);
  partner = JSON.parse(created.stdout);
  // Callbacks are signed with the client's signing secret, printed once by `client create`; rotating prints the new one.
  expect(partner.signing_secret).toMatch(/^whsec_/);
  const rotated = await runCli(["client", "rotate-signing-secret", partner.client_id, "--json"], env);
  expect(rotated.code, rotated.stderr).toBe(0);
  signingSecret = (JSON.parse(rotated.stdout) as { signing_secret: string }).signing_secret;
  const response = await fetch(`${server.url}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${partner.client_id}:${partner.client_secret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(response.status).toBe(200);
  token = ((await response.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function call<T>(method: string, path: string, body?: unknown, contentType = "application/json") {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": contentType }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { response, body: (await response.json()) as T & { error?: string } };
}

describe("Authenticator API over HTTP", () => {
  it("project setup, onboarding a factor, a verified challenge and its signed callback, as in the seed", async () => {
    const projectPath = `/console/v0.2/workspaces/${partner.workspace_id}/projects/${partner.project_id}`;
    const configuration = { authenticator: { issuer_name: "https://example.com/handle-flow", challenge_callback_url: receiver.url, challenge_default_message: "Please confirm your login" } };
    const patched = await call<{ configuration: unknown }>("PATCH", projectPath, [{ op: "add", path: "/configuration", value: configuration }], "application/json-patch+json");
    expect(patched.response.status).toBe(200);
    expect(patched.response.headers.get("cache-control")).toBe("no-store");
    expect(patched.body.configuration).toEqual(configuration);
    expect((await call("PATCH", projectPath, [{ op: "add", path: "/configuration", value: configuration }])).response.status).toBe(415);

    const created = await call<{ factor_id: string; status: string; url: string; data_url: string }>("POST", "/authenticator/v0.1/factors", { phone_number: "+447911123456", external_user_id: "user-1234" });
    expect(created.response.status).toBe(200);
    expect(created.body.status).toBe("PENDING");
    const uri = decodeQrDataUrl(created.body.data_url);
    expect(uri).toBe(created.body.url);

    const factorPath = `/authenticator/v0.1/factors/${created.body.factor_id}`;
    const activated = await call<{ status: string }>("PATCH", factorPath, [{ op: "add", path: "/code", value: await appCode(uri, Date.now()) }], "application/json-patch+json");
    expect(activated.body.status).toBe("ACTIVE");

    const challenge = await call<{ challenge_id: string; status: string; message: string }>("POST", `${factorPath}/challenge`, { reference_id: "login-42" });
    expect(challenge.response.status).toBe(200);
    expect(challenge.body).toMatchObject({ status: "PENDING", message: "Please confirm your login" });
    // The activation spent the current step; the app's next code is within the allowed skew.
    const verified = await call<{ status: string }>("PATCH", `${factorPath}/challenge/${challenge.body.challenge_id}`, [{ op: "add", path: "/code", value: await appCode(uri, Date.now() + 30_000) }], "application/json-patch+json");
    expect(verified.response.status).toBe(200);
    expect(verified.body.status).toBe("VERIFIED");
    expect((await call<{ status: string }>("GET", `${factorPath}/challenges/${challenge.body.challenge_id}`)).body.status).toBe("VERIFIED");

    // The callback: POSTed through the webhooks outbox, signed, verifiable with the README's function.
    await until(() => receiver.received.length >= 1, "the challenge callback");
    const [callback] = receiver.received;
    expect(JSON.parse(callback!.rawBody)).toEqual({
      challenge_id: challenge.body.challenge_id,
      factor_id: created.body.factor_id,
      reference_id: "login-42",
      status: "VERIFIED",
      updated_at: expect.any(String),
    });
    expect(callback!.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    expect(loadVerifyWebhook()(callback!.rawBody, callback!.signature, signingSecret)).toBe(true);
    expect(loadVerifyWebhook()(callback!.rawBody, callback!.signature, `${signingSecret}x`)).toBe(false);

    const listed = await call<{ _embedded: { factors: { factor_id: string }[] } }>("GET", "/authenticator/v0.1/factors?search=external_user_id==user-1234");
    expect(listed.body._embedded.factors.map((f) => f.factor_id)).toEqual([created.body.factor_id]);
  });
});

describe("seed examples over HTTP (production build)", () => {
  it("Astra, Cotter and Authsignal example bodies get the seed's status and fields; the login event verifies with jose against the JWKS", async () => {
    const sandbox = await runCli(["client", "update", partner.client_id, "--sandbox", "on"], { TRUSTGATE_DATA_DIR: server.dataDir });
    expect(sandbox.code, sandbox.stderr).toBe(0);

    // Astra: the seed customer's phone on a sandbox client's intent (the trusted-auth rows are in tests/api/partner-device-api.test.ts).
    const intent = await call<{ phone: string; status: string }>("POST", "/v1/user_intent", {
      email: "jane.seed@example.com",
      phone: "+15555551234",
      first_name: "Jane",
      last_name: "Doe",
      date_of_birth: "1990-01-01",
      ssn: "123-45-6789",
      address1: "1 Market St",
      address2: "",
      city: "San Francisco",
      state: "CA",
      postal_code: "94105",
      ip_address: "203.0.113.9",
    });
    expect(intent.response.status).toBe(201);
    expect(intent.body).toMatchObject({ phone: "+15555551234", status: "approved" });

    // Authsignal: validateChallenge with the seed's (placeholder) token.
    const validated = await call<{ isValid: boolean }>("POST", "/v1/validate", { token: "eyJhbGciOiJ..." });
    expect(validated.response.status).toBe(200);
    expect(validated.body.isValid).toBe(false);

    // Cotter: signInWithDevice for the seed phone from the seed's IP; the event object as in the seed, signed.
    const created = await call<{ id: string; secret: string }>("POST", "/v1/login_requests", { identifier: "+15555551234", ip_address: "172.92.5.201" });
    expect(created.response.status).toBe(201);
    const polled = await call<Record<string, unknown> & { signature: string }>("POST", `/v1/login_requests/${created.body.id}/poll`, { secret: created.body.secret });
    expect(polled.response.status).toBe(200);
    expect(polled.body).toMatchObject({
      ID: expect.any(Number),
      DeletedAt: "0001-01-01T00:00:00Z",
      event: "LOGIN",
      method: "TRUSTED_DEVICE",
      new: false,
      ip: "172.92.5.201",
      location: "San Francisco",
      approved: false,
      client_user_id: null,
    });
    const { payload, protectedHeader } = await compactVerify(polled.body.signature, createRemoteJWKSet(new URL("/.well-known/jwks.json", server.url)), { algorithms: ["ES256"] });
    expect(protectedHeader).toMatchObject({ typ: "trustgate-login-event+jwt", aud: partner.client_id });
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const unsigned: Record<string, unknown> = { ...polled.body };
    delete unsigned.signature;
    // The signed payload is the event plus who signed it and for how long (iss, iat, exp: 10 minutes).
    expect(signed).toEqual({ ...unsigned, iss: expect.stringMatching(/^http:\/\/localhost:\d+$/), iat: expect.any(Number), exp: expect.any(Number) });
    expect((signed.exp as number) - (signed.iat as number)).toBe(600);
    expect(Math.abs((signed.iat as number) - Date.now() / 1000)).toBeLessThan(120);
  });
});
