// A FAPI 2.0 partner using openid-client (unchanged): the client is switched to private_key_jwt and
// the fapi2 profile with the ops CLI, then PAR, PKCE, DPoP (with the server nonce required, which
// the library answers on its own) and private_key_jwt drive a real sign-in in Chromium against the
// production build, through the lean dispatch path of the token endpoint; userinfo and a refresh
// with the same DPoP key; the bound access token refused as Bearer.
import { exportJWK, generateKeyPair } from "jose";
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let config: oidc.Configuration;
let redirectUri: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { TRUSTGATE_DPOP_NONCE: "true" } }), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  const env = { TRUSTGATE_DATA_DIR: server.dataDir };
  const created = await runCli(["client", "create", "--name", "FAPI Bank", "--redirect-uri", redirectUri, "--json"], env);
  expect(created.code, created.stderr).toBe(0);
  const { client_id: clientId } = JSON.parse(created.stdout) as { client_id: string };
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "fapi-bank-1", alg: "ES256", use: "sig" };
  const updated = await runCli(["client", "update", clientId, "--token-endpoint-auth-method", "private_key_jwt", "--jwks", JSON.stringify({ keys: [publicJwk] }), "--fapi2", "on", "--json"], env);
  expect(updated.code, updated.stderr).toBe(0);
  expect(JSON.parse(updated.stdout)).toMatchObject({ client_id: clientId, token_endpoint_auth_method: "private_key_jwt", fapi2: true, require_pushed_authorization_requests: false });
  config = await oidc.discovery(new URL(server.url), clientId, undefined, oidc.PrivateKeyJwt({ key: privateKey, kid: "fapi-bank-1" }), { execute: [oidc.allowInsecureRequests] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a FAPI 2.0 partner using openid-client", () => {
  it("PAR + private_key_jwt + DPoP: signs in, reads userinfo, refreshes; the token is useless without the key", async () => {
    const metadata = config.serverMetadata();
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${server.url}/v1/oauth/par`);
    const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair("ES256"));
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = await oidc.buildAuthorizationUrlWithPAR(
      config,
      { redirect_uri: redirectUri, scope: "openid phone offline_access", code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", state },
      { DPoP: dpop },
    );
    expect(url.searchParams.get("request_uri")).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.toString());
    const phone = testPhone();
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const callback = new URL(page.url());
    await context.close();

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true }, undefined, { DPoP: dpop });
    expect(tokens.token_type.toLowerCase()).toBe("dpop");
    const sub = tokens.claims()!.sub;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub, { DPoP: dpop });
    expect(info.phone_number).toBe(phone);

    const asBearer = await fetch(`${server.url}/v1/oauth/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.status).toBe(401);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP: dpop });
    expect(refreshed.token_type.toLowerCase()).toBe("dpop");
    expect((await oidc.fetchUserInfo(config, refreshed.access_token, sub, { DPoP: dpop })).sub).toBe(sub);
  });
});
