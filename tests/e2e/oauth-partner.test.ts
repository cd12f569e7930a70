// A real partner integration: openid-client (unchanged, standard OAuth 2.0 + OIDC) against the
// production build, with the end user signing in in Chromium and the code read from the outbox.
import * as oidc from "openid-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { runCli } from "../support/server";
import { sharedServerAndBrowser, type SharedServer } from "../support/shared-server";

let server: SharedServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let partner: { client_id: string; client_secret: string };
let config: oidc.Configuration;
let redirectUri: string;

beforeAll(async () => {
  // One server and one Chromium for the whole e2e-shared project (tests/support/shared-server.ts).
  [server, browser] = await sharedServerAndBrowser();
  redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  expect(created.code, created.stderr).toBe(0);
  partner = JSON.parse(created.stdout);
  config = await oidc.discovery(new URL(server.url), partner.client_id, partner.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

async function startLogin(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid phone offline_access",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  await page.goto(url.toString());
  return { verifier, state, nonce };
}

describe("a partner using openid-client", () => {
  it("discovers, signs a user in with PKCE, exchanges the code, verifies the id_token, reads the user, refreshes and revokes", async () => {
    const phone = testPhone();
    const checks = await startLogin();
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/login\/consent\?rid=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Acme Bank");
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const callback = new URL(page.url());
    expect(callback.searchParams.get("iss")).toBe(server.url);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(server.url);
    expect(claims.aud).toBe(partner.client_id);
    expect(claims.phone_number).toBe(phone);
    expect(claims.auth_method).toBe("sms_otp");
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();

    const me = await fetch(`${server.url}/v1/user`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: claims.sub, phone });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.phone_number).toBe(phone);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // Reuse of the rotated token revoked the whole family, including the newest tokens.
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);

    const fresh = await oidc.clientCredentialsGrant(config);
    expect((await oidc.tokenIntrospection(config, fresh.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, fresh.access_token);
    expect((await oidc.tokenIntrospection(config, fresh.access_token)).active).toBe(false);
  });

  it("remembers consent: the second sign-in goes straight back to the partner", async () => {
    const phone = testPhone();
    await startLogin();
    await signInWithSms(page, server.url, phone);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?code=/);

    const checks = await startLogin();
    await page.waitForURL(/\/demo\/callback\?code=/); // signed in and consented already
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce });
    expect(tokens.claims()!.phone_number).toBe(phone);
  });

  it("Deny returns access_denied to the partner", async () => {
    const checks = await startLogin();
    await signInWithSms(page, server.url, testPhone());
    await page.getByRole("button", { name: "Deny" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const callback = new URL(page.url());
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(checks.state);
  });

  it("a wrong code says so and leaves the user on the code page", async () => {
    const phone = testPhone();
    await startLogin();
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel("Verification code").fill("000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator("#code-error").textContent()).resolves.toMatch(/not right.*4 tries left/);
    expect(await page.getByLabel("Verification code").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/login/code");
  });
});
