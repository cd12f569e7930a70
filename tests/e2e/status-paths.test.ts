// Each row of the SPEC status table, in the browser: a partner registers a UserIntent, the user
// signs in through the hosted flow with user_intent_id, and the flow routes by status.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basicAuth, validIntent } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { runCli } from "../support/server";
import { sharedServerAndBrowser, type SharedServer } from "../support/shared-server";

let server: SharedServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
let cli: (args: string[]) => ReturnType<typeof runCli>;

beforeAll(async () => {
  // One server and one Chromium for the whole e2e-shared project (tests/support/shared-server.ts).
  [server, browser] = await sharedServerAndBrowser();
  redirectUri = `${server.url}/demo/callback`;
  cli = (args) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });
  const created = await cli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"]);
  partner = JSON.parse(created.stdout);
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

async function createIntent(phone: string): Promise<{ id: string; status: string }> {
  const response = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone, type: "personal" })),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

async function intentStatus(id: string): Promise<{ status: string; user_id: string | null }> {
  const response = await fetch(`${server.url}/v1/user_intent/${id}`, { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret) } });
  return (await response.json()) as { status: string; user_id: string | null };
}

async function authorizeWithIntent(intentId: string, phone: string) {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  for (const [key, value] of Object.entries({
    client_id: partner.client_id,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid",
    state: "st-1",
    user_intent_id: intentId,
    phone,
    phone_read_only: "true",
  }))
    url.searchParams.set(key, value);
  await page.goto(url.toString());
  expect(await page.getByLabel("Phone number").getAttribute("readonly")).not.toBeNull();
  await signInWithSms(page, server.url, phone, { phoneIsPrefilled: true });
}

async function signUpWithStatus(status: string) {
  const phone = testPhone();
  const intent = await createIntent(phone);
  if (status !== "pending") {
    const set = await cli(["intent", "set-status", intent.id, status, "--reason", "e2e"]);
    expect(set.code, set.stderr).toBe(0);
  }
  await authorizeWithIntent(intent.id, phone);
  return { phone, intent };
}

describe("status routing after sign-in (SPEC table)", () => {
  it("approved: consent, then a code; the intent is converted to a user that inherits the status", async () => {
    const { intent } = await signUpWithStatus("approved");
    await page.waitForURL(/\/login\/consent/);
    expect(await page.getByRole("status").count()).toBe(0); // no review notice
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?code=/);
    expect(new URL(page.url()).searchParams.get("state")).toBe("st-1");
    const converted = await intentStatus(intent.id);
    expect(converted.status).toBe("converted_to_user");
    expect(converted.user_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("pending: consent with an under-review notice, then a code", async () => {
    await signUpWithStatus("pending");
    await page.waitForURL(/\/login\/consent/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/under review/);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?code=/);
  });

  // retry and document: sent through /verify/* first (tests/e2e/verification-flows.test.ts).

  for (const status of ["rejected", "suspended"]) {
    it(`${status}: a terminal screen, and access_denied back to the partner`, async () => {
      await signUpWithStatus(status);
      await page.waitForURL(/\/login\/status/);
      await expect(page.locator("h1").textContent()).resolves.toMatch(status === "suspended" ? /suspended/ : /could not approve/);
      await page.getByRole("button", { name: "Return to Acme Bank" }).click();
      await page.waitForURL(/\/demo\/callback\?/);
      const callback = new URL(page.url());
      expect(callback.searchParams.get("error")).toBe("access_denied");
      expect(callback.searchParams.get("state")).toBe("st-1");
      expect(callback.searchParams.get("code")).toBeNull();
    });
  }

  it("a user suspended later is signed out at once, and stopped at the next sign-in", async () => {
    const { intent, phone } = await signUpWithStatus("approved");
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?code=/);
    const { user_id } = await intentStatus(intent.id);
    expect((await cli(["user", "set-status", user_id!, "suspended", "--reason", "fraud review"])).code).toBe(0);
    const url = new URL(`${server.url}/login/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", state: "again" }).toString();
    await page.goto(url.toString());
    // The suspension ended the live session: the user must sign in again…
    await page.waitForURL(/\/login\?rid=/);
    // (as if the SMS resend cooldown had passed since the first sign-in)
    const { url: dbUrl } = JSON.parse(fs.readFileSync(path.join(server.dataDir, "trustgate-db.json"), "utf8")) as { url: string };
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]).finally(() => client.end());
    await signInWithSms(page, server.url, phone);
    // …and is stopped there.
    await page.waitForURL(/\/login\/status/);
    await expect(page.locator("h1").textContent()).resolves.toMatch(/suspended/);
  });
});
