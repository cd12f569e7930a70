// Hosted forms that never lose a person's work, with and without JavaScript (issue 19):
// - forms-without-javascript: the phone and consent forms posted natively (before hydration, or
//   with JavaScript off) reach the same page as with JavaScript — never Next.js's HTTP 500 that
//   `Referrer-Policy: no-referrer` caused (Chromium then sends `Origin: null`);
// - double-tap-stays-on-code-page / resend-within-cooldown-stays-on-code-page, with a countdown;
// - wrong-length code refused before a try is spent; US numbers masked readably;
// - document upload error keeps the chosen files and clears stale errors;
// - Back after authorizing offers the way back to the partner; missing redirect_uri named as such;
// - partner branding (name, logo, accent, policy/terms) on sign-in, code, consent, status and the
//   authorize error page, axe-clean; SVG/HTML logos and low-contrast accents refused; the logo's headers;
// - the risk challenge's fallback codes (SMS, authenticator app), as the rules allow, with the
//   partner's action label; every hosted form once without and once with JavaScript, same outcome.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDatabase } from "../support/admin-dashboard";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { expectNoAxeViolations } from "../support/axe";
import { launchBrowser } from "../support/browser";
import { solidPng } from "../support/images";
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

describe("code-step-one-server-action", () => {
  it("with JavaScript the whole sign-in is the pages' own form posts: no /api/auth request, no /login/continue bounce, 5 browser requests to the partner", async () => {
    const { page } = await newPage({ javaScript: true });
    const requests: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      // Static files are cached by a returning browser and are not sign-in work; the partner's page is the partner's.
      if (url.origin !== server.url || /^\/(_next\/static|branding|demo)\/|^\/(icon\.svg|favicon\.ico)$/.test(url.pathname)) return;
      requests.push(`${request.method()} ${url.pathname}${request.headers()["next-action"] ? " (action)" : ""}`);
      if (process.env.DEBUG_REQUESTS) console.log(request.method(), request.url(), JSON.stringify(request.headers()));
    });
    const phone = testPhone();
    await toConsent(page, phone);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    expect(requests.filter((request) => request.includes("/api/auth/"))).toEqual([]);
    expect(requests.filter((request) => request.includes("/login/continue"))).toEqual([]);
    // authorize → the phone page; the phone, code and consent forms as server actions, each answered
    // with the next page (Next renders it in the same answer). With the partner's code exchange and
    // the two pages the server renders for those answers, the server's count is 8.
    expect(requests).toEqual(["GET /login/oauth/authorize", "GET /login", "POST /login (action)", "POST /login/code (action)", "POST /login/consent (action)"]);
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

// ---------------------------------------------------------------------------------------------
// Partner branding, the risk challenge's fallback codes, and every hosted form without JavaScript.

/** A partner whose pages carry its display name, logo, accent and policy/terms links. */
let bright: { client_id: string; client_secret: string; logo_uri: string };
const BRIGHT_ACCENT = "#0f766e";

function writeTemp(name: string, bytes: Buffer | string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tg-logo-")), name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function brightPartner(): Promise<typeof bright> {
  if (bright) return bright;
  const created = JSON.parse((await cli(["client", "create", "--name", "bright-prod-7", "--redirect-uri", redirectUri, "--json"])).stdout) as { client_id: string; client_secret: string };
  const updated = await cli([
    "client",
    "update",
    created.client_id,
    "--display-name",
    "Bright Bank",
    "--logo",
    writeTemp("logo.png", solidPng(96, 32, [15, 118, 110])),
    "--accent",
    BRIGHT_ACCENT,
    "--policy-uri",
    "https://bright.example/privacy",
    "--tos-uri",
    "https://bright.example/terms",
    "--json",
  ]);
  expect(updated.code, updated.stderr).toBe(0);
  const json = JSON.parse(updated.stdout) as Record<string, string>;
  expect(json).toMatchObject({ client_id: created.client_id, display_name: "Bright Bank", accent_color: BRIGHT_ACCENT, policy_uri: "https://bright.example/privacy", tos_uri: "https://bright.example/terms" });
  // The CLI names the logo under its own TRUSTGATE_URL (unset here); the path is what pages use.
  const logoPath = new URL(json.logo_uri!).pathname;
  expect(logoPath).toMatch(new RegExp(`^/branding/logo/${created.client_id}/[0-9a-f]{16}$`));
  bright = { ...created, logo_uri: `${server.url}${logoPath}` };
  return bright;
}

function brightAuthorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL(authorizeUrl(extra));
  url.searchParams.set("client_id", bright.client_id);
  return url.toString();
}

/** The page shows the partner's name, its logo (drawn: the image decoded), its accent on the main button, and "Secured by Trustgate". */
async function expectBranded(page: Page, label: string): Promise<void> {
  await expect(page.getByTestId("brand-name").textContent(), label).resolves.toBe("Bright Bank");
  const logo = page.getByTestId("brand-logo");
  await expect(logo.getAttribute("src"), label).resolves.toBe(new URL(bright.logo_uri).pathname);
  await page.waitForFunction(() => ((document.querySelector('[data-testid="brand-logo"]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
  await expect(page.getByText("Secured by Trustgate").count(), label).resolves.toBe(1);
  await expectNoAxeViolations(page, label);
}

async function accentOf(page: Page, name: string | RegExp): Promise<string> {
  return page.getByRole("button", { name }).evaluate((button) => getComputedStyle(button).backgroundColor);
}

describe("partner branding", () => {
  it("branding-set-by-cli: the CLI's --json reports it; the logo is served with a strict type, nosniff, an immutable URL, an ETag and CORP", async () => {
    await brightPartner();
    const response = await fetch(bright.logo_uri);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(["content-type", "x-content-type-options", "cache-control", "cross-origin-resource-policy", "content-security-policy"].map((h) => [h, response.headers.get(h)]))).toEqual({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
      "cross-origin-resource-policy": "same-origin",
      "content-security-policy": "default-src 'none'; sandbox",
    });
    const etag = response.headers.get("etag");
    expect(etag).toBe(`"${bright.logo_uri.split("/").pop()}"`);
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("\x89PNG");
    expect((await fetch(bright.logo_uri, { headers: { "If-None-Match": etag! } })).status).toBe(304);
    // Another hash (an old logo, a guess) is not served.
    expect((await fetch(bright.logo_uri.replace(/[0-9a-f]{16}$/, "0123456789abcdef"))).status).toBe(404);
  });

  it("svg-and-html-logos-refused, low-contrast-accent-refused: clear errors, nothing changed", async () => {
    await brightPartner();
    const before = (await database.query("SELECT display_name, logo_hash, accent_color FROM clients WHERE id = $1", [bright.client_id])).rows[0];
    const refusals: [string[], RegExp][] = [
      [["--logo", writeTemp("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')], /SVG and HTML logos are refused/],
      [["--logo", writeTemp("logo.png", "<!doctype html><html><script>alert(1)</script></html>")], /SVG and HTML logos are refused/],
      [["--logo", writeTemp("big.png", solidPng(2000, 10))], /at most 1024 x 1024 pixels/],
      [["--accent", "#ffcc00"], /contrast of 1\.\d\d:1 .*at least 4\.5:1/],
      [["--policy-uri", "http://bright.example/privacy"], /policy_uri must be an https URL/],
      // A refused value among good ones: the good ones are not saved either.
      [["--display-name", "Renamed", "--accent", "#eeeeee"], /contrast/],
    ];
    for (const [flags, message] of refusals) {
      const result = await cli(["client", "update", bright.client_id, ...flags]);
      expect(result.code, flags.join(" ")).toBe(1);
      expect(result.stderr, flags.join(" ")).toMatch(message);
    }
    expect((await database.query("SELECT display_name, logo_hash, accent_color FROM clients WHERE id = $1", [bright.client_id])).rows[0]).toEqual(before);
  });

  it("branded-pages: sign-in, code, consent (with policy and terms), status and the authorize error page carry the partner's name, logo and accent; axe finds nothing", async () => {
    await brightPartner();
    const { page } = await newPage({ javaScript: true });
    const phone = testPhone();
    await page.goto(brightAuthorizeUrl());
    await page.waitForURL(/\/login\?rid=/);
    await expectBranded(page, "phone page");
    await expect(accentOf(page, "Send code")).resolves.toBe("rgb(15, 118, 110)");
    await expect(page.getByText("Bright Bank uses Trustgate to sign you in").count()).resolves.toBe(1);
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await expectBranded(page, "code page");
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/login\/consent\?rid=/);
    await expectBranded(page, "consent page");
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Bright Bank");
    await expect(accentOf(page, "Authorize")).resolves.toBe("rgb(15, 118, 110)");
    await expect(page.getByRole("link", { name: "privacy policy" }).getAttribute("href")).resolves.toBe("https://bright.example/privacy");
    await expect(page.getByRole("link", { name: "terms of service" }).getAttribute("href")).resolves.toBe("https://bright.example/terms");
    await page.screenshot({ path: ".tmp/branding-consent.png", fullPage: true });
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);

    // Suspended (which ends the user's sessions): the next sign-in ends on the status page, branded too.
    const userId = (await database.query<{ id: string }>("SELECT id::text FROM users WHERE phone = $1", [phone])).rows[0]!.id;
    const suspended = await cli(["user", "set-status", userId, "suspended", "--reason", "branding test"]);
    expect(suspended.code, suspended.stderr).toBe(0);
    await database.query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
    await page.goto(brightAuthorizeUrl());
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/login\/status\?rid=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Your account is suspended");
    await expectBranded(page, "status page");

    // An authorize error for a known client is its page; an unknown client's stays Trustgate's.
    await page.goto(brightAuthorizeUrl({ redirect_uri: "https://evil.example/cb" }));
    await expect(page.locator("h1").textContent()).resolves.toBe("Invalid redirect address");
    await expectBranded(page, "authorize error page");
    await page.screenshot({ path: ".tmp/branding-error.png", fullPage: true });
    await page.goto(authorizeUrl({ client_id: "no-such-client" }));
    await expect(page.getByTestId("brand-name").textContent()).resolves.toBe("Trustgate");
    await expect(page.getByText("Secured by Trustgate").count()).resolves.toBe(0);
    await expectNoAxeViolations(page, "unknown-client error page");
    // 404 stays generic.
    const missing = await fetch(`${server.url}/no-such-page?client_id=${bright.client_id}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toMatch(/Bright Bank/);
  });
});

/** A new user of Acme Bank, signed in and authorized with JavaScript; their id. */
async function authorizedUser(): Promise<{ page: Page; phone: string; userId: string }> {
  const { page } = await newPage({ javaScript: true });
  const phone = testPhone();
  await toConsent(page, phone);
  await page.getByRole("button", { name: "Authorize" }).click();
  await page.waitForURL(/\/demo\/callback\?/);
  const userId = (await database.query<{ id: string }>("SELECT id::text FROM users WHERE phone = $1", [phone])).rows[0]!.id;
  return { page, phone, userId };
}

/** The user's trusted device — on another phone, not at hand (it only has to exist for the page). */
async function trustedDeviceElsewhere(userId: string): Promise<void> {
  await database.query(
    `INSERT INTO devices (id, user_id, credential_id, public_key, transports, device_type, backup_eligible, backed_up, user_verified, aaguid, name, updated_at)
     VALUES (gen_random_uuid(), $1::uuid, $2, '\\x00', '{}', 'singleDevice', false, false, true, '00000000-0000-0000-0000-000000000000', 'Phone at home', now())`,
    [userId, `cred-${userId}`],
  );
}

async function trackAction(userId: string, action: string, attributes: Record<string, unknown> = {}): Promise<{ url: string; token: string; state: string }> {
  const response = await fetch(`${server.url}/v1/users/${userId}/actions/${action}`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify({ attributes: { redirectUrl: redirectUri, ...attributes } }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { url: string; token: string; state: string };
}

/** The partner opts its `action` into the fallback codes (off unless a rule set allows them). */
async function allowFallback(action: string): Promise<void> {
  const rules = await cli(["rules", "set", partner.client_id, action, JSON.stringify({ defaultFallback: ["sms", "authenticator_app"] })]);
  expect(rules.code, rules.stderr).toBe(0);
}

async function validate(token: string): Promise<{ isValid: boolean; state: string; verificationMethod: string | null }> {
  const response = await fetch(`${server.url}/v1/validate`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  return (await response.json()) as { isValid: boolean; state: string; verificationMethod: string | null };
}

describe("risk challenge fallback (no trusted device at hand)", () => {
  it("challenge-fallback-sms: a code to the user's own phone passes the challenge; a wrong one says how many tries are left next to a resend control; the partner's label is shown as text", async () => {
    const { phone, userId } = await authorizedUser();
    await trustedDeviceElsewhere(userId);
    const label = "Send $500 to <b>Alex</b>";
    await allowFallback("withdrawal");
    const tracked = await trackAction(userId, "withdrawal", { label });
    expect(tracked.state).toBe("CHALLENGE_REQUIRED");
    const { page } = await newPage({ javaScript: true });
    await page.goto(tracked.url);
    await expect(page.getByTestId("challenge-action").textContent()).resolves.toBe(label);
    expect(await page.locator('[data-testid="challenge-action"] b').count()).toBe(0);
    await page.getByRole("heading", { name: "No trusted device at hand?" }).waitFor();
    // This user has no authenticator app: only the SMS code is offered.
    expect(await page.getByRole("link", { name: "Use your authenticator app" }).count()).toBe(0);
    await expectNoAxeViolations(page, "challenge page with fallback");
    await page.getByRole("button", { name: /^Text a code to / }).click();
    await page.waitForURL(/via=sms/);
    await page.getByLabel("Code from the text message").fill("12");
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(/error=malformed/);
    await page.getByLabel("Code from the text message").fill((Number(await latestCode(server.url, phone)) ^ 1).toString().padStart(6, "0"));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(/error=invalid/);
    await expect(page.locator("#code-error").textContent()).resolves.toMatch(/4 tries left/);
    await expect(page.getByTestId("resend-code").count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "challenge fallback code with an error");
    await page.getByLabel("Code from the text message").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    expect(new URL(page.url()).searchParams.get("state")).toBe("CHALLENGE_SUCCEEDED");
    await expect(validate(tracked.token)).resolves.toMatchObject({ isValid: true, state: "CHALLENGE_SUCCEEDED", verificationMethod: "SMS" });
  });

  it("challenge-fallback-forbidden-by-rule: defaultFallback [] offers no code, and a posted code is refused", async () => {
    const { userId } = await authorizedUser();
    await trustedDeviceElsewhere(userId);
    const rules = await cli(["rules", "set", partner.client_id, "payout", JSON.stringify({ defaultFallback: [] })]);
    expect(rules.code, rules.stderr).toBe(0);
    const tracked = await trackAction(userId, "payout");
    const { page } = await newPage({ javaScript: true });
    await page.goto(tracked.url);
    await page.getByRole("button", { name: "Verify with this device" }).waitFor();
    expect(await page.getByRole("heading", { name: "No trusted device at hand?" }).count()).toBe(0);
    await page.goto(`${tracked.url}&via=sms`);
    expect(await page.getByLabel("Code from the text message").count()).toBe(0);
  });

  it("challenge-fallback-app: the authenticator app's code passes the challenge; then a no-JavaScript sign-in takes the app step as a plain form (recovery code)", async () => {
    const { page, phone, userId } = await authorizedUser();
    await page.goto(`${server.url}/account/security`);
    await page.getByRole("button", { name: "Add an authenticator app" }).click();
    const qr = page.getByTestId("totp-qr");
    await qr.waitFor();
    const uri = decodeQrDataUrl((await qr.getAttribute("src"))!);
    const step = Math.floor(Date.now() / 30_000);
    await page.getByLabel("Authenticator code").fill(await appCode(uri, step * 30_000 + 15_000));
    await page.getByRole("button", { name: "Turn on" }).click();
    const list = page.getByRole("list", { name: "Recovery codes" });
    await list.waitFor();
    const recoveryCodes = (await list.locator("li").allTextContents()).map((code) => code.trim());

    await trustedDeviceElsewhere(userId);
    await allowFallback("withdrawal");
    const tracked = await trackAction(userId, "withdrawal");
    const challenge = await newPage({ javaScript: true });
    await challenge.page.goto(tracked.url);
    await challenge.page.getByRole("link", { name: "Use your authenticator app" }).click();
    await challenge.page.waitForURL(/via=app/);
    // The next time step: the enrolment spent this one, and one step of skew is accepted.
    await challenge.page.getByLabel("Authenticator code").fill(await appCode(uri, (step + 1) * 30_000 + 15_000));
    await challenge.page.getByRole("button", { name: "Confirm" }).click();
    await challenge.page.waitForURL(/\/demo\/callback\?/);
    await expect(validate(tracked.token)).resolves.toMatchObject({ isValid: true, verificationMethod: "AUTHENTICATOR_APP" });

    // sms-code-form-without-javascript with an app: the code, then the app step, both posted natively.
    await database.query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
    const noJs = await newPage({ javaScript: false });
    await noJs.page.goto(authorizeUrl());
    await noJs.page.getByLabel("Phone number").fill(phone);
    await noJs.page.getByRole("button", { name: "Send code" }).click();
    await noJs.page.waitForURL(/\/login\/code\?rid=/);
    await noJs.page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await noJs.page.getByRole("button", { name: "Continue" }).click();
    await noJs.page.waitForURL(/step=second_factor/);
    await expect(noJs.page.locator("h1").allTextContents()).resolves.toEqual(["Two-step verification"]);
    await noJs.page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await noJs.page.getByLabel("Recovery code").fill("AAAAA-AAAAA");
    await noJs.page.getByRole("button", { name: "Verify" }).click();
    await noJs.page.waitForURL(/error=second_factor_invalid/);
    await noJs.page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await noJs.page.getByRole("button", { name: "Verify" }).click();
    // Consent was given before: straight back to the partner with a code.
    await noJs.page.waitForURL(/\/demo\/callback\?code=/);
    expect(noJs.statuses.filter((status) => status >= 500)).toEqual([]);
  });
});

describe("every hosted form without JavaScript", () => {
  it.each([false, true])("forms-without-javascript (javaScript=%s): phone, code, verification, consent and the challenge's code reach the same outcome", async (javaScript) => {
    const { page, statuses } = await newPage({ javaScript });
    // A user whose intent needs verification (retry): phone → code → /verify/personal → consent → partner.
    const phone = testPhone();
    const intent = (await (
      await fetch(`${server.url}/v1/user_intent`, {
        method: "POST",
        headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
        body: JSON.stringify(validIntent({ email: `${phone.slice(1)}-${javaScript}@example.com`, phone })),
      })
    ).json()) as { id: string };
    const set = await cli(["intent", "set-status", intent.id, "retry", "--reason", "no-JS test"]);
    expect(set.code, set.stderr).toBe(0);
    await page.goto(authorizeUrl({ user_intent_id: intent.id }));
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    // A wrong-length code spends no try, with or without JavaScript.
    await page.getByLabel("Verification code").fill("12");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(
      page
        .getByText(/all 6 digits/)
        .first()
        .textContent(),
    ).resolves.toMatch(/6 digits/);
    expect(await codeAttempts(phone)).toBe(0);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/verify\/personal\?rid=/);
    for (const [name, value] of Object.entries({ first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", ssn: "123-45-6789", address1: "1 Market St", city: "San Francisco", state: "CA", postal_code: "94105" })) {
      const input = page.locator(`[name="${name}"]`);
      if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
      else await input.fill(value);
    }
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    expect(new URL(page.url()).searchParams.get("code")).toMatch(/.{20,}/);

    // The risk challenge's SMS fallback, posted natively too.
    const userId = (await database.query<{ id: string }>("SELECT id::text FROM users WHERE phone = $1", [phone])).rows[0]!.id;
    await trustedDeviceElsewhere(userId);
    await allowFallback("withdrawal");
    const tracked = await trackAction(userId, "withdrawal", { label: "Withdraw $20" });
    await page.goto(tracked.url);
    await page.getByRole("button", { name: /^Text a code to / }).click();
    await page.waitForURL(/via=sms/);
    await page.getByLabel("Code from the text message").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(/\/demo\/callback\?.*state=CHALLENGE_SUCCEEDED/);
    await expect(validate(tracked.token)).resolves.toMatchObject({ isValid: true, verificationMethod: "SMS" });
    expect(
      statuses.filter((status) => status >= 500),
      `javaScript=${javaScript}`,
    ).toEqual([]);
  });
});
