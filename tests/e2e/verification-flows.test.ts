// The seed's FAQ in the browser: a `retry` user is sent to /verify/personal (a business user to
// /verify/business), a `document` user to /verify/document; each submits and ends at the
// partner's redirect URI with a code. Standalone /verify links sign a fresh browser in first and
// come back to the form. Invalid input shows inline, accessible errors and stores nothing; a bad
// link shows an error page without redirecting; a cross-origin form post is refused.
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readEndpoint } from "@/lib/db/embedded";
import { launchBrowser } from "../support/browser";
import { basicAuth, validIntent } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
let cli: (args: string[]) => ReturnType<typeof runCli>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("front of the id")]);
const PDF = Buffer.from("%PDF-1.4\n% back of the id\n%%EOF\n");

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  cli = (args) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });
  const created = await cli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"]);
  expect(created.code, created.stderr).toBe(0);
  partner = JSON.parse(created.stdout);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

/** Reads the running server's embedded database through its socket (never opening the directory). */
async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: readEndpoint(server.dataDir)!.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function userByPhone(phone: string) {
  const [user] = await query<{ id: string; status: string }>(`SELECT id::text, status::text FROM users WHERE phone = $1`, [phone]);
  const [counts] = await query<{ submissions: number; documents: number }>(
    `SELECT (SELECT count(*)::int FROM verification_submissions WHERE user_id = $1::uuid) AS submissions,
            (SELECT count(*)::int FROM verification_documents WHERE user_id = $1::uuid) AS documents`,
    [user!.id],
  );
  return { ...user!, ...counts! };
}

async function signUpWithStatus(status: string, type: "personal" | "business" = "personal") {
  const phone = testPhone();
  const response = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone, type })),
  });
  expect(response.status).toBe(201);
  const intent = (await response.json()) as { id: string };
  const set = await cli(["intent", "set-status", intent.id, status, "--reason", "e2e"]);
  expect(set.code, set.stderr).toBe(0);
  const url = new URL(`${server.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", state: "st-9", user_intent_id: intent.id, phone, phone_read_only: "true" }).toString();
  await page.goto(url.toString());
  await signInWithSms(page, server.url, phone, { phoneIsPrefilled: true });
  return phone;
}

async function fillByName(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`[name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
}

const PERSONAL = { first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", ssn: "123-45-6789", address1: "1 Market St", city: "San Francisco", state: "CA", postal_code: "94105" };

async function authorizeAndExpectCode() {
  await page.waitForURL(/\/login\/consent/);
  await expect(page.getByRole("status").textContent()).resolves.toMatch(/under review/);
  await page.getByRole("button", { name: "Authorize" }).click();
  await page.waitForURL(/\/demo\/callback\?code=/);
  expect(new URL(page.url()).searchParams.get("state")).toBe("st-9");
}

describe("FAQ: the authorize flow guides retry and document users through verification", () => {
  it("retry (personal): /verify/personal, inline errors store nothing, then submit → consent → code", async () => {
    const phone = await signUpWithStatus("retry");
    await page.waitForURL(/\/verify\/personal\?rid=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Verify your identity");

    await fillByName({ ...PERSONAL, date_of_birth: "2015-01-01", ssn: "000-00-0000", city: "" });
    await page.getByRole("button", { name: "Submit for review" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    await expect(summary.getAttribute("role")).resolves.toBe("alert");
    await expect(summary.locator("h2").textContent()).resolves.toBe("There are 3 problems");
    for (const name of ["date_of_birth", "ssn", "city"]) {
      const input = page.locator(`#f-${name}`);
      await expect(input.getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(input.getAttribute("aria-describedby")).resolves.toContain(`f-${name}-error`);
    }
    await expect(page.locator("#f-date_of_birth-error").textContent()).resolves.toMatch(/at least 18/);
    await expect(page.locator("#f-first_name").inputValue()).resolves.toBe("Ada"); // kept
    await expect(page.locator("#f-ssn").inputValue()).resolves.toBe(""); // never sent back
    await expect(page.locator("#f-first_name").getAttribute("aria-invalid")).resolves.toBeNull();
    expect(await userByPhone(phone)).toMatchObject({ status: "retry", submissions: 0 });

    await fillByName({ date_of_birth: PERSONAL.date_of_birth, ssn: PERSONAL.ssn, city: PERSONAL.city });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await authorizeAndExpectCode();
    expect(await userByPhone(phone)).toMatchObject({ status: "pending", submissions: 1 });
  });

  it("retry (business intent): /verify/business with controller and owners, then consent → code", async () => {
    const phone = await signUpWithStatus("retry", "business");
    await page.waitForURL(/\/verify\/business\?rid=/);
    await fillByName({
      business_name: "Analytical Engines LLC",
      ein: "12-3456789",
      business_address1: "2 Market St",
      business_city: "San Francisco",
      business_state: "CA",
      business_postal_code: "94105",
      controller_first_name: "Charles",
      controller_last_name: "Babbage",
      controller_title: "CEO",
      controller_date_of_birth: "1971-12-26",
      controller_ssn: "234-56-7890",
      controller_address1: "3 Market St",
      controller_city: "Oakland",
      controller_state: "CA",
      controller_postal_code: "94607",
      owner1_first_name: "Ada",
      owner1_last_name: "Lovelace",
      owner1_date_of_birth: "1990-12-10",
      owner1_percent: "60",
    });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await authorizeAndExpectCode();
    expect(await userByPhone(phone)).toMatchObject({ status: "pending", submissions: 1 });
  });

  it("document: /verify/document, a bad file is refused with nothing stored, then front + back → consent → code", async () => {
    const phone = await signUpWithStatus("document");
    await page.waitForURL(/\/verify\/document\?rid=/);
    await page.setInputFiles('[name="front"]', { name: "id.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
    await page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "Upload for review" }).click();
    // The page's script shows the refusal in place (the chosen files stay chosen).
    await page.locator("#f-front-error").waitFor();
    await expect(page.locator("#f-front-error").textContent()).resolves.toMatch(/not a JPEG, PNG or PDF/);
    await expect(page.locator("#f-front").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await userByPhone(phone)).toMatchObject({ status: "document", submissions: 0, documents: 0 });

    await page.setInputFiles('[name="front"]', { name: "id.png", mimeType: "image/png", buffer: PNG });
    await page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "Upload for review" }).click();
    await authorizeAndExpectCode();
    expect(await userByPhone(phone)).toMatchObject({ status: "pending", submissions: 1, documents: 2 });
  });
});

describe("standalone /verify links", () => {
  it("a fresh browser signs in by SMS first, returns to the form, and ends at redirect_uri with state", async () => {
    const phone = testPhone();
    await query(`INSERT INTO users (id, phone, status, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'retry', now(), now())`, [phone]);
    const url = new URL(`${server.url}/verify/personal`);
    url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, state: "from-app" }).toString();
    await page.goto(url.toString());
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/verify\/personal\?rid=/);
    await fillByName(PERSONAL);
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const back = new URL(page.url());
    expect(back.searchParams.get("state")).toBe("from-app");
    expect(back.searchParams.get("code")).toBeNull();
    expect(await userByPhone(phone)).toMatchObject({ status: "pending", submissions: 1 });
  });

  it("an unknown client or an unregistered redirect_uri: an error page, no redirect", async () => {
    for (const [params, title] of [
      [{ client_id: "unknown-client", redirect_uri: redirectUri }, "Unknown application"],
      [{ client_id: partner.client_id, redirect_uri: "https://evil.example/steal" }, "Invalid redirect address"],
    ] as const) {
      const url = `${server.url}/verify/document?${new URLSearchParams(params)}`;
      const response = await fetch(url, { redirect: "manual" });
      expect(response.headers.get("location")).toBeNull();
      await page.goto(url);
      expect(new URL(page.url()).pathname).toBe("/verify/document");
      await expect(page.locator("h1").textContent()).resolves.toBe(title);
    }
  });

  it("CSRF: the verify form posted from another origin is refused and stores nothing; from Trustgate it works", async () => {
    const phone = testPhone();
    await query(`INSERT INTO users (id, phone, status, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'retry', now(), now())`, [phone]);
    await page.goto(`${server.url}/verify/personal?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri })}`);
    await signInWithSms(page, server.url, phone);
    await page.waitForURL(/\/verify\/personal\?rid=/);
    // The code step's server action reached this page by a client-side navigation; a page load gives
    // the server-rendered form, with the fields a browser without script posts.
    await page.reload();
    await fillByName(PERSONAL);
    // The form as the browser would post it without script (React's progressive-enhancement fields included).
    // (The verification form is the one with the fields; the page also has a sign-out form.)
    const fields = await page.evaluate(() => [...new FormData(document.querySelector("input[name=first_name]")!.closest("form")!)].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    expect(fields.some(([name]) => name.startsWith("$ACTION"))).toBe(true);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const post = (origin: string) => {
      const body = new FormData();
      for (const [name, value] of fields) body.append(name, value);
      return fetch(page.url(), { method: "POST", body, redirect: "manual", headers: { Cookie: cookie, Origin: origin } });
    };

    const forged = await post("https://evil.example");
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.headers.get("location")).toBeNull();
    expect(await userByPhone(phone)).toMatchObject({ status: "retry", submissions: 0 });

    const genuine = await post(server.url);
    expect(genuine.status).toBe(303);
    expect(await userByPhone(phone)).toMatchObject({ status: "pending", submissions: 1 });
  });
});
