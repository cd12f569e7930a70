// spa-public-client: a browser SPA on another origin signs in with a PUBLIC client through
// oauth4webapi running in Chromium — discovery (CORS *), PKCE + DPoP (RFC 9449) with a key pair
// WebCrypto made in the page, the code exchanged at the token endpoint cross-origin (CORS for the
// client's registered origin), userinfo with the DPoP-bound token, and a refresh with rotation that
// only the same key may make. The server demands DPoP nonces (TRUSTGATE_DPOP_NONCE): the SPA can
// only answer use_dpop_nonce if DPoP-Nonce is exposed to it (Access-Control-Expose-Headers).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { freePort, runCli, startServer, type RunningServer } from "../support/server";
import { startSpa, type SpaServer } from "../support/spa-server";

let server: RunningServer;
let browser: Browser;
let spa: SpaServer | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { TRUSTGATE_DPOP_NONCE: "true" } }), launchBrowser()]);
});

afterAll(async () => {
  await spa?.close();
  await browser?.close();
  await server?.stop();
});

describe("spa-public-client", () => {
  it("signs in with PKCE and DPoP from another origin, reads userinfo and refreshes with the same key only, all through CORS", async () => {
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const created = await runCli(["client", "create", "--name", "Acme SPA", "--public", "--redirect-uri", `${origin}/callback`, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    expect(created.code, created.stderr).toBe(0);
    const clientId = (JSON.parse(created.stdout) as { client_id: string }).client_id;
    spa = await startSpa({ issuer: server.url, clientId }, port);

    const context = await browser.newContext();
    const page = await context.newPage();
    const crossOrigin: string[] = [];
    const exposed = new Set<string>();
    // The SPA's own fetches to Trustgate: cross-origin by construction (another port).
    page.on("response", (response) => {
      if (response.request().resourceType() === "fetch" && response.url().startsWith(server.url)) {
        crossOrigin.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.headers()["access-control-allow-origin"]}`);
        if (response.headers()["dpop-nonce"]) exposed.add(response.headers()["access-control-expose-headers"] ?? "");
      }
    });
    await page.goto(`${origin}/`);
    const phone = testPhone();
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${origin}/callback?**`);
    await page.waitForFunction(() => (window as unknown as { __spa?: unknown }).__spa !== undefined, undefined, { timeout: 20_000 });
    const result = (await page.evaluate(() => (window as unknown as { __spa: Record<string, unknown> }).__spa)) as Record<string, unknown>;
    expect(result).toEqual({
      ok: true,
      sub: expect.any(String),
      idTokenAlg: "RS256",
      phone,
      tokenType: "DPoP",
      accessTokenBoundToKey: true,
      // RFC 9449 §7.1: a DPoP-bound token without its proof is refused at the resource.
      userinfoAsBearer: "401 dpop invalid_token",
      refreshWithoutProof: "invalid_grant",
      refreshWithOtherKey: "invalid_grant",
      refreshedTokenType: "DPoP",
      refreshedAccessTokenBoundToKey: true,
      refreshedUserinfoSub: true,
      refreshedAccessToken: true,
      rotatedRefreshToken: true,
      // The first token call (no nonce yet) and the other key's first refresh were answered use_dpop_nonce, then retried.
      nonceChallenges: 2,
    });
    // The calls really were cross-origin, each answered with the SPA's origin (metadata with *).
    expect(crossOrigin).toEqual(expect.arrayContaining(["GET /.well-known/openid-configuration *", `POST /v1/oauth/token ${origin}`, `GET /v1/oauth/userinfo ${origin}`]));
    // Every answer that carried a DPoP-Nonce exposed it to the page.
    expect([...exposed].every((value) => /(^|,\s*)DPoP-Nonce(,|$)/i.test(value))).toBe(true);
    expect(exposed.size).toBeGreaterThan(0);
    await context.close();
  });
});
