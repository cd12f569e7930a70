// Trusted authentication end to end, as Astra describes it: the partner's real customer API
// (node:https, its own certificate), the partner minting a session token over HTTP, the user
// landing in Chromium on /login/oauth/authorize?session_token=… and going straight to consent
// (no SMS), the code redeemed by openid-client with auth_method=trusted_auth; a reused link
// falls back to the sign-in page with a visible notice; and the token exchange without UI.
import * as oidc from "openid-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let api: CustomerApi;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let partner: { client_id: string; client_secret: string };
let config: oidc.Configuration;
let redirectUri: string;

beforeAll(async () => {
  api = await startCustomerApi({ https: true });
  // The server trusts the customer API's self-signed certificate, as it would a real CA's.
  [server, browser] = await Promise.all([startServer({ env: { NODE_EXTRA_CA_CERTS: api.caFile! } }), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  const env = { TRUSTGATE_DATA_DIR: server.dataDir };
  const created = await runCli(["client", "create", "--name", "Astra Bank", "--redirect-uri", redirectUri, "--json"], env);
  expect(created.code, created.stderr).toBe(0);
  partner = JSON.parse(created.stdout);
  const updated = await runCli(["client", "update", partner.client_id, "--trusted-auth", "on", "--customer-api-url", api.url, "--customer-api-header", "X-Partner-Key: k-e2e-42", "--json"], env);
  expect(updated.code, updated.stderr).toBe(0);
  expect(JSON.parse(updated.stdout)).toEqual({ client_id: partner.client_id, trusted_auth_enabled: true, customer_api_url: api.url, customer_api_header_name: "X-Partner-Key" });
  config = await oidc.discovery(new URL(server.url), partner.client_id, partner.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await api?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

const basic = () => `Basic ${Buffer.from(`${partner.client_id}:${partner.client_secret}`).toString("base64")}`;

async function partnerPost(path: string, body: unknown): Promise<{ status: number; headers: Headers; body: Record<string, string> }> {
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { Authorization: basic(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, string> };
}

async function createIntent(phone: string): Promise<string> {
  const result = await partnerPost("/v1/user_intent", {
    email: `jane.${Date.now()}@example.com`,
    phone,
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
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.id!;
}

async function authorizeUrl(extra: Record<string, string>) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid phone",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

describe("trusted authentication with a partner's customer API", () => {
  it("mint → authorize with session_token (no SMS) → consent → code → tokens with auth_method trusted_auth; a reused link shows a notice", async () => {
    const phone = testPhone();
    const intentId = await createIntent(phone);
    // Astra's example customer, authenticated a minute ago, with this user's phone (formatted differently).
    api.answer("123456", respond.json(seedCustomer({ phone: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}` })));

    const minted = await partnerPost("/v1/partner/identity/verification", { provider: "Unit", provider_data: { customer_id: "123456" }, user_intent_id: intentId });
    expect(minted.status, JSON.stringify(minted.body)).toBe(200);
    expect(minted.headers.get("cache-control")).toBe("no-store");
    expect(api.requests.at(-1)).toMatchObject({ path: "/v1/customers/123456", headers: { "x-partner-key": "k-e2e-42" } });

    const checks = await authorizeUrl({ session_token: minted.body.token!, user_intent_id: intentId });
    await page.goto(checks.url.toString());
    await page.waitForURL(/\/login\/consent\?rid=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Astra Bank");
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
    const claims = tokens.claims()!;
    expect(claims.auth_method).toBe("trusted_auth");
    expect(claims.phone_number).toBe(phone);
    const intent = (await (await fetch(`${server.url}/v1/user_intent/${intentId}`, { headers: { Authorization: basic() } })).json()) as { status: string; user_id: string };
    expect(intent).toMatchObject({ status: "converted_to_user", user_id: claims.sub });
    // No text message was sent: the partner's 2FA stood in for it.
    const outbox = (await (await fetch(`${server.url}/dev/outbox.json?to=${encodeURIComponent(phone)}`)).json()) as unknown[];
    expect(outbox).toEqual([]);

    // The same link again (a fresh browser): the token is spent, so the normal sign-in with a notice.
    const replayContext = await browser.newContext();
    try {
      const replay = await replayContext.newPage();
      await replay.goto(checks.url.toString());
      await replay.waitForURL(/\/login\?rid=.*error=trusted_auth_failed/);
      await expect(replay.locator("#phone-error").textContent()).resolves.toMatch(/could not sign you in automatically/);
      await expect(replay.getByRole("button", { name: "Send code" }).isVisible()).resolves.toBe(true);
    } finally {
      await replayContext.close();
    }
  });

  it("POST /v1/partner/identity/token exchanges a session token for tokens over HTTP, once", async () => {
    const phone = testPhone();
    const intentId = await createIntent(phone);
    api.answer("cus-777", respond.json(seedCustomer({ customer_id: "cus-777", phone })));
    const minted = await partnerPost("/v1/partner/identity/verification", { provider: "Unit", provider_data: { customer_id: "cus-777" }, user_intent_id: intentId });
    expect(minted.status, JSON.stringify(minted.body)).toBe(200);

    const exchanged = await partnerPost("/v1/partner/identity/token", { session_token: minted.body.token, user_intent_id: intentId, scope: "openid phone" });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    expect(exchanged.headers.get("cache-control")).toBe("no-store");
    expect(exchanged.body).toMatchObject({ token_type: "Bearer", scope: "openid phone" });
    const introspected = await oidc.tokenIntrospection(config, exchanged.body.access_token!);
    expect(introspected).toMatchObject({ active: true, sub: exchanged.body.user_id, auth_method: "trusted_auth" });
    const me = await fetch(`${server.url}/v1/user`, { headers: { Authorization: `Bearer ${exchanged.body.access_token}` } });
    // The token carries `phone`, but this user never consented to share it with the partner: no phone.
    const seen = (await me.json()) as Record<string, unknown>;
    expect(seen).toMatchObject({ id: exchanged.body.user_id });
    expect(seen.phone).toBeUndefined();

    const again = await partnerPost("/v1/partner/identity/token", { session_token: minted.body.token, user_intent_id: intentId });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("session_token_invalid");
  });
});
