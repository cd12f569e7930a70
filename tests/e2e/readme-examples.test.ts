// The README's "For partners" walk-through, run as a partner would run it: each marked block is
// executed verbatim against the production build, chained through the environment variables the
// README names; the end user's part (SMS sign-in, consent) happens in Chromium.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { signInWithSms } from "../support/hosted-login";
import { ROOT } from "../support/paths";
import { readmeExamples, runReadmeExample, runReadmeExampleJson } from "../support/readme-examples";
import { startSdkPartnerServer } from "../support/sdk-partner";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let env: Record<string, string>;
const METRICS_TOKEN = "readme-metrics-token-0123456789";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { TRUSTGATE_METRICS_TOKEN: METRICS_TOKEN } }), launchBrowser()]);
  const redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Astra Partner", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  expect(created.code, created.stderr).toBe(0);
  const partner = JSON.parse(created.stdout) as { client_id: string; client_secret: string };
  env = { TRUSTGATE_URL: server.url, CLIENT_ID: partner.client_id, CLIENT_SECRET: partner.client_secret, REDIRECT_URI: redirectUri };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("README: for partners", () => {
  it("has the partner walk-through examples, each a sh or js block", () => {
    const names = [...readmeExamples().keys()];
    expect(names).toEqual(expect.arrayContaining(["partner-token", "create-intent", "get-intent", "authorize-url", "exchange-code", "refresh-token", "get-user"]));
    // The web SDK's page and its backend (signed in end to end by tests/e2e/trusted-devices.test.ts).
    expect(names).toEqual(expect.arrayContaining(["sdk-quickstart", "sdk-redeem"]));
  });

  it("every marked example is run by some test", () => {
    const tests = fs
      .readdirSync(path.join(ROOT, "tests"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".test.ts"))
      .map((file) => fs.readFileSync(path.join(ROOT, "tests", file), "utf8"))
      .join("\n");
    const unrun = [...readmeExamples().keys()].filter((name) => !tests.includes(`"${name}"`));
    expect(unrun).toEqual([]);
  });

  it("token, intent, hosted sign-in, code exchange, refresh and /v1/user work exactly as written", async () => {
    const partnerToken = await runReadmeExampleJson<{ access_token: string; token_type: string; expires_in: number }>("partner-token", env);
    expect(partnerToken).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "" });

    const intent = await runReadmeExampleJson<{ id: string; status: string; phone: string; metadata: unknown }>("create-intent", env);
    expect(intent).toMatchObject({ status: "pending", phone: "+14155550123", metadata: { customer_id: "123456" } });
    env.USER_INTENT_ID = intent.id;
    env.PARTNER_TOKEN = partnerToken.access_token;
    expect(await runReadmeExampleJson("get-intent", env)).toMatchObject({ id: intent.id, status: "pending", user_id: null });

    const start = await runReadmeExampleJson<{ url: string; verifier: string; state: string }>("authorize-url", env);
    const page = await browser.newPage();
    try {
      await page.goto(start.url);
      await signInWithSms(page, server.url, intent.phone, { phoneIsPrefilled: true });
      await page.waitForURL(/\/login\/consent\?rid=/);
      await page.getByRole("button", { name: "Authorize" }).click();
      await page.waitForURL(/\/demo\/callback\?/);
      const callback = new URL(page.url());
      expect(callback.searchParams.get("state")).toBe(start.state);
      env.CODE = callback.searchParams.get("code")!;
      env.CODE_VERIFIER = start.verifier;
    } finally {
      await page.close();
    }

    const tokens = await runReadmeExampleJson<{ access_token: string; refresh_token: string; id_token: string; expires_in: number; scope: string }>("exchange-code", env);
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "offline_access openid phone verification" });
    expect(tokens.id_token).toBeTruthy();

    const refreshed = await runReadmeExampleJson<{ access_token: string; refresh_token: string }>("refresh-token", { ...env, REFRESH_TOKEN: tokens.refresh_token });
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const user = await runReadmeExampleJson<{ id: string; phone: string; status: string }>("get-user", { ...env, ACCESS_TOKEN: refreshed.access_token });
    expect(user).toMatchObject({ phone: "+14155550123", status: "pending" });
    // The intent became this user.
    expect(await runReadmeExampleJson("get-intent", env)).toMatchObject({ status: "converted_to_user", user_id: user.id });
  });
});

describe("README: web SDK quickstart", () => {
  it("served verbatim from a second origin, it loads the pinned module, opens Trustgate's window, and hears its answer (Cancel)", async () => {
    const redirectUri = `${server.url}/demo/callback`;
    const registered: { client?: { client_id: string; client_secret: string } } = {};
    const partnerSite = await startSdkPartnerServer(server.url, () => registered.client!);
    const created = await runCli(["client", "create", "--name", "SDK Partner", "--redirect-uri", redirectUri, "--redirect-uri", `${partnerSite.origin}/callback`, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    registered.client = JSON.parse(created.stdout);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${partnerSite.origin}/`);
      await page.getByLabel("Phone number").fill("+14155550142");
      const popup = page.waitForEvent("popup");
      await page.getByRole("button", { name: "Sign in with my device" }).click();
      const window = await popup;
      // No passkey was ever registered in this browser: the window waits for a trusted device.
      await window.getByTestId("login-request-code").waitFor({ timeout: 15_000 });
      await window.getByRole("button", { name: "Cancel" }).click();
      await page.getByText("Not signed in (login_request_cancelled)").waitFor({ timeout: 15_000 });
      expect(partnerSite.redeemed).toEqual([]);
    } finally {
      await context.close();
      await partnerSite.close();
    }
  });
});

describe("README: operating it", () => {
  it("the liveness and readiness probes and the metrics scrape work exactly as written", async () => {
    expect(await runReadmeExampleJson("liveness-probe", { TRUSTGATE_URL: server.url })).toEqual({ status: "ok" });
    expect(await runReadmeExampleJson("readiness-probe", { TRUSTGATE_URL: server.url })).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", signing_key: "ok" } });
    // At least one grant, so the grep in the example finds a line.
    const grant = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${env.CLIENT_ID}:${env.CLIENT_SECRET}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(grant.status).toBe(200);
    const scraped = await runReadmeExample("metrics-scrape", { TRUSTGATE_URL: server.url, TRUSTGATE_METRICS_TOKEN: METRICS_TOKEN });
    expect(scraped.code, scraped.stderr).toBe(0);
    expect(scraped.stdout).toMatch(/^trustgate_oauth_grants_total\{grant_type="client_credentials",outcome="issued"\} [1-9]/m);
    const refused = await runReadmeExample("metrics-scrape", { TRUSTGATE_URL: server.url, TRUSTGATE_METRICS_TOKEN: "wrong-token-wrong-token" });
    expect(refused.code).not.toBe(0);
  });
});
