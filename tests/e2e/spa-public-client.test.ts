// spa-public-client: a browser SPA on another origin signs in with a PUBLIC client through
// oauth4webapi running in Chromium — discovery (CORS *), PKCE, the code exchanged at the token
// endpoint cross-origin (CORS for the client's registered origin), userinfo, and a refresh with
// rotation. The DPoP part belongs to issue 17b: the SPA has a hook for it (window.__spaDPoP).
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
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await spa?.close();
  await browser?.close();
  await server?.stop();
});

describe("spa-public-client", () => {
  it("signs in with PKCE from another origin, reads userinfo and refreshes, all through CORS", async () => {
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const created = await runCli(["client", "create", "--name", "Acme SPA", "--public", "--redirect-uri", `${origin}/callback`, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    expect(created.code, created.stderr).toBe(0);
    const clientId = (JSON.parse(created.stdout) as { client_id: string }).client_id;
    spa = await startSpa({ issuer: server.url, clientId }, port);

    const context = await browser.newContext();
    const page = await context.newPage();
    const crossOrigin: string[] = [];
    // The SPA's own fetches to Trustgate: cross-origin by construction (another port).
    page.on("response", (response) => {
      if (response.request().resourceType() === "fetch" && response.url().startsWith(server.url))
        crossOrigin.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.headers()["access-control-allow-origin"]}`);
    });
    await page.goto(`${origin}/`);
    const phone = testPhone();
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${origin}/callback?**`);
    await page.waitForFunction(() => (window as unknown as { __spa?: unknown }).__spa !== undefined, undefined, { timeout: 20_000 });
    const result = (await page.evaluate(() => (window as unknown as { __spa: Record<string, unknown> }).__spa)) as Record<string, unknown>;
    expect(result).toEqual({ ok: true, sub: expect.any(String), idTokenAlg: "RS256", phone, refreshedAccessToken: true, rotatedRefreshToken: true });
    // The calls really were cross-origin, each answered with the SPA's origin (metadata with *).
    expect(crossOrigin).toEqual(expect.arrayContaining(["GET /.well-known/openid-configuration *", `POST /v1/oauth/token ${origin}`, `GET /v1/oauth/userinfo ${origin}`]));
    await context.close();
  });
});
