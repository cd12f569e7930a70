// Hosted forms that never lose a person's work, with and without JavaScript (issue 19):
// - forms-without-javascript: the phone and consent forms posted natively (before hydration, or
//   with JavaScript off) reach the same page as with JavaScript — never Next.js's HTTP 500 that
//   `Referrer-Policy: no-referrer` caused (Chromium then sends `Origin: null`);
// - double-tap-stays-on-code-page / resend-within-cooldown-stays-on-code-page, with a countdown;
// - wrong-length code refused before a try is spent; US numbers masked readably;
// - document upload error keeps the chosen files and clears stale errors;
// - Back after authorizing offers the way back to the partner; missing redirect_uri named as such.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDatabase } from "../support/admin-dashboard";
import { launchBrowser } from "../support/browser";
import { basicAuth, validIntent } from "../support/fixtures";
import { latestCode, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let database: pg.Client;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
const contexts: BrowserContext[] = [];

const cli = (args: string[]) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  partner = JSON.parse((await cli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"])).stdout);
  database = await serverDatabase(server.dataDir);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await database?.end();
  await browser?.close();
  await server?.stop();
});

function authorizeUrl(extra: Record<string, string | null> = {}): string {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  const query: Record<string, string | null> = { client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state: "st-1", ...extra };
  for (const [key, value] of Object.entries(query)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

/** A page in a fresh context; `javaScriptEnabled: false` is a browser that posts every form natively. */
async function newPage(options: { javaScript: boolean; storageState?: Awaited<ReturnType<BrowserContext["storageState"]>> }): Promise<{ page: Page; statuses: number[] }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, storageState: options.storageState });
  contexts.push(context);
  const page = await context.newPage();
  const statuses: number[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(server.url) && response.request().resourceType() === "document") statuses.push(response.status());
  });
  return { page, statuses };
}

async function codeAttempts(phone: string): Promise<number> {
  return (await database.query<{ attempts: number }>("SELECT attempts FROM sms_codes WHERE phone = $1 ORDER BY created_at DESC LIMIT 1", [phone])).rows[0]!.attempts;
}

/** With JavaScript: phone → code → consent. */
async function toConsent(page: Page, phone: string): Promise<void> {
  await page.goto(authorizeUrl());
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(/\/login\/consent\?rid=/);
}

describe("forms-without-javascript", () => {
  it("the phone form posted natively (JavaScript off, as before hydration) reaches the code page, as with JavaScript", async () => {
    for (const javaScript of [false, true]) {
      const { page, statuses } = await newPage({ javaScript });
      const phone = testPhone();
      await page.goto(authorizeUrl());
      await page.waitForURL(/\/login\?rid=/);
      await page.getByLabel("Phone number").fill(phone);
      await page.getByRole("button", { name: "Send code" }).click();
      await page.waitForURL(/\/login\/code\?rid=/);
      await expect(page.locator("h1").textContent(), `javaScript=${javaScript}`).resolves.toBe("Enter your code");
      expect(
        statuses.filter((status) => status >= 500),
        `javaScript=${javaScript}`,
      ).toEqual([]);
      // us-number-masked-readably: +1 and the last four digits, never "+14 ••• ••• …".
      await expect(page.locator("strong").first().textContent()).resolves.toBe(`+1 (•••) •••-${phone.slice(-4)}`);
    }
  });

  it("the code form posted natively: a wrong code comes back with its error and tries left, the right one signs in and goes straight to consent", async () => {
    for (const javaScript of [false, true]) {
      const { page, statuses } = await newPage({ javaScript });
      const phone = testPhone();
      await page.goto(authorizeUrl());
      await page.getByLabel("Phone number").fill(phone);
      await page.getByRole("button", { name: "Send code" }).click();
      await page.waitForURL(/\/login\/code\?rid=/);
      const code = await latestCode(server.url, phone);
      await page.getByLabel("Verification code").fill(code === "000000" ? "111111" : "000000");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.locator("#code-error").textContent(), `javaScript=${javaScript}`).resolves.toMatch(/4 tries left/);
      expect(await codeAttempts(phone)).toBe(1);
      await page.getByLabel("Verification code").fill(code);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL(/\/login\/consent\?rid=/);
      await expect(page.getByRole("heading", { name: /^Authorize / }).count(), `javaScript=${javaScript}`).resolves.toBe(1);
      expect(
        statuses.filter((status) => status >= 500),
        `javaScript=${javaScript}`,
      ).toEqual([]);
    }
  });

  it("an invalid number posted natively comes back with the error next to the field and what was typed kept", async () => {
    const { page, statuses } = await newPage({ javaScript: false });
    await page.goto(authorizeUrl());
    await page.getByLabel("Phone number").fill("555 12");
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/error=invalid_phone/);
    await expect(page.getByLabel("Phone number").inputValue()).resolves.toBe("555 12");
    await expect(page.locator("#phone-error").textContent()).resolves.toMatch(/valid phone number/);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it("the consent form posted natively sends the user to the partner with a code, as with JavaScript", async () => {
    for (const javaScript of [false, true]) {
      const signIn = await newPage({ javaScript: true });
      await toConsent(signIn.page, testPhone());
      const consentUrl = signIn.page.url();
      const { page, statuses } = await newPage({ javaScript, storageState: await signIn.page.context().storageState() });
      await page.goto(consentUrl);
      await page.getByRole("button", { name: "Authorize" }).click();
      await page.waitForURL(/\/demo\/callback\?/);
      const back = new URL(page.url());
      expect(back.searchParams.get("code"), `javaScript=${javaScript}`).toMatch(/.{20,}/);
      expect(back.searchParams.get("state")).toBe("st-1");
      expect(
        statuses.filter((status) => status >= 500),
        `javaScript=${javaScript}`,
      ).toEqual([]);
    }
  });
});

describe("the code page keeps the user", () => {
  it("double-tap-stays-on-code-page: a second 'Send code' within the cooldown lands on the code page, not on an emptied phone page", async () => {
    const { page } = await newPage({ javaScript: false });
    const phone = testPhone();
    await page.goto(authorizeUrl());
    const phonePage = page.url();
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    const firstCode = await latestCode(server.url, phone);
    // The second tap's post (its answer is what the browser shows).
    await page.goto(phonePage);
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/A code was sent to this number just now/);
    // No second code was sent: the first one is the one to enter.
    expect(await latestCode(server.url, phone)).toBe(firstCode);
  });

  it("resend-within-cooldown-stays-on-code-page: 'Send a new code' too early keeps the code page (no JavaScript)", async () => {
    const { page } = await newPage({ javaScript: false });
    const phone = testPhone();
    await page.goto(authorizeUrl());
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByRole("button", { name: /Send a new code/ }).click();
    await page.waitForURL(/\/login\/code\?rid=.*sent=recently/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/You can ask for a new one in \d+ seconds/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Enter your code");
  });

  it("with JavaScript the resend button counts down and a resend after the cooldown stays on the code page", async () => {
    const { page } = await newPage({ javaScript: true });
    const phone = testPhone();
    await page.goto(authorizeUrl());
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    const resend = page.getByTestId("resend-code");
    // Once the page's script runs, the button counts down and cannot be pressed.
    await page.waitForFunction(() => /^Send a new code in \d+ s$/.test(document.querySelector('[data-testid="resend-code"]')?.textContent ?? ""));
    expect(await resend.isDisabled()).toBe(true);
    // Half a minute later, as far as the server is concerned.
    await database.query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
    await page.reload();
    await page.getByLabel("Verification code").fill("123");
    await page.getByRole("button", { name: "Send a new code" }).click();
    await page.waitForURL(/resent=1/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/A new code is on its way/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Enter your code");
  });

  it("sms-code-wrong-length-refused-before-a-try: a 2-digit code is refused on the page and spends no try", async () => {
    const { page } = await newPage({ javaScript: true });
    const phone = testPhone();
    await page.goto(authorizeUrl());
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel("Verification code").fill("12");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator("#code-error").textContent()).resolves.toMatch(/all 6 digits/);
    expect(await codeAttempts(phone)).toBe(0);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/login\/consent\?rid=/);
  });
});

describe("after the flow", () => {
  it("back-after-authorizing: Back from the partner shows a page with the way back to the partner, not a dead end", async () => {
    const { page } = await newPage({ javaScript: true });
    await toConsent(page, testPhone());
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    await page.goBack();
    await page.waitForURL(/\/login\//);
    // Even when Chromium restores the consent page from its back/forward cache, it asks the server again.
    await page.getByRole("heading", { name: "You are done here" }).waitFor();
    const back = page.getByRole("link", { name: "Return to Acme Bank" });
    expect(await back.getAttribute("href")).toBe(new URL(redirectUri).origin);
  });

  it("authorize-missing-redirect-uri: says the redirect_uri is missing (not 'not registered')", async () => {
    const response = await fetch(authorizeUrl({ redirect_uri: null }), { redirect: "manual" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/redirect_uri is missing/);
    expect(html).not.toMatch(/not registered/);
  });
});

describe("risk challenge without a trusted device", () => {
  it("challenge-sms-step-has-resend: the code step offers 'Send a new code' and refuses a short code without spending a try", async () => {
    const { page } = await newPage({ javaScript: true });
    const phone = testPhone();
    await toConsent(page, phone);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const exchanged = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: new URL(page.url()).searchParams.get("code") ?? "", redirect_uri: redirectUri }),
    });
    const { id_token: idToken } = (await exchanged.json()) as { id_token: string };
    const userId = (JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString("utf8")) as { sub: string }).sub;
    const tracked = (await (
      await fetch(`${server.url}/v1/users/${userId}/actions/withdrawal`, {
        method: "POST",
        headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
        body: JSON.stringify({ attributes: { redirectUrl: redirectUri } }),
      })
    ).json()) as { url: string };
    await database.query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
    const fresh = await newPage({ javaScript: true });
    await fresh.page.goto(tracked.url);
    await fresh.page.getByRole("button", { name: "Text me a code" }).click();
    await fresh.page.waitForURL(/sms=sent/);
    await expect(fresh.page.getByTestId("resend-code").count()).resolves.toBe(1);
    await fresh.page.getByLabel("Verification code").fill("12");
    await fresh.page.getByRole("button", { name: "Continue" }).click();
    await expect(fresh.page.locator("#code-error").textContent()).resolves.toMatch(/all 6 digits/);
    expect(await codeAttempts(phone)).toBe(0);
  });
});

describe("document upload", () => {
  /** A partner intent set to `document`, signed in with JavaScript: the /verify/document page. */
  async function documentPage(): Promise<Page> {
    const phone = testPhone();
    const response = await fetch(`${server.url}/v1/user_intent`, {
      method: "POST",
      headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
      body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone })),
    });
    const intent = (await response.json()) as { id: string };
    const set = await cli(["intent", "set-status", intent.id, "document", "--reason", "hosted forms test"]);
    expect(set.code, set.stderr).toBe(0);
    const { page } = await newPage({ javaScript: true });
    await page.goto(authorizeUrl({ user_intent_id: intent.id, phone, phone_read_only: "true" }));
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/verify\/document\?rid=/);
    return page;
  }

  it("upload-error-keeps-files: a refused file keeps both chosen files, and a new choice clears its stale error", async () => {
    const page = await documentPage();
    await page.setInputFiles('[name="front"]', { name: "id.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
    await page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await page.getByRole("button", { name: "Upload for review" }).click();
    await page.locator("#f-front-error").waitFor();
    await expect(page.locator("#f-front-error").textContent()).resolves.toMatch(/not a JPEG, PNG or PDF/);
    const chosen = (name: string) => page.locator(`[name="${name}"]`).evaluate((input) => (input as HTMLInputElement).files?.length ?? 0);
    expect(await chosen("front")).toBe(1);
    expect(await chosen("back")).toBe(1);
    // A new file under the refused field: its old error goes.
    await page.setInputFiles('[name="front"]', { name: "id.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    expect(await page.locator("#f-front-error").count()).toBe(0);
    await page.getByRole("button", { name: "Upload for review" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/verify/document"));
  });

  it("with only the back chosen, 'Choose a file.' under the front goes once a front is chosen", async () => {
    const page = await documentPage();
    await page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await page.getByRole("button", { name: "Upload for review" }).click();
    await expect(page.locator("#f-front-error").textContent()).resolves.toBe("Choose a file.");
    await page.setInputFiles('[name="front"]', { name: "front.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    expect(await page.locator("#f-front-error").count()).toBe(0);
    expect(await page.locator("#error-summary").count()).toBe(0);
  });
});
