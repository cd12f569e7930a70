// forms-without-javascript, the hosted forms tests/e2e/hosted-forms.test.ts does not post natively:
// the business verification form, the document upload, the account pages' forms (rename a device,
// remove it after the question, sign out) —
// each once in a browser with JavaScript off (every form posted natively, as before hydration) and
// once with it, reaching the same outcome, never an HTTP error page. Its own server: the sign-ins here spend its per-address SMS budget, no one else's.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDatabase } from "../support/admin-dashboard";
import { launchBrowser } from "../support/browser";
import { basicAuth, validIntent } from "../support/fixtures";
import { latestCode, testPhone } from "../support/hosted-login";
import { solidPng } from "../support/images";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let database: pg.Client;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
const contexts: BrowserContext[] = [];
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

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

/** A page whose document responses (every page a form post lands on) are recorded. */
async function newPage(javaScript: boolean): Promise<{ page: Page; statuses: number[] }> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  const page = await context.newPage();
  const statuses: number[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(server.url) && response.request().resourceType() === "document") statuses.push(response.status());
  });
  return { page, statuses };
}

function authorizeUrl(extra: Record<string, string> = {}): string {
  return `${server.url}/login/oauth/authorize?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state: "st-nojs", ...extra })}`;
}

/** A partner's intent for a new phone, set to `status`; the user signs in through its authorize URL (phone given, read-only). */
async function signInWithIntent(page: Page, status: "retry" | "document" | "rejected", type: "personal" | "business" = "personal"): Promise<string> {
  const phone = testPhone();
  const response = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}-${status}@example.com`, phone, type })),
  });
  expect(response.status).toBe(201);
  const intent = (await response.json()) as { id: string };
  const set = await cli(["intent", "set-status", intent.id, status, "--reason", "forms without JavaScript"]);
  expect(set.code, set.stderr).toBe(0);
  await page.goto(authorizeUrl({ user_intent_id: intent.id, phone, phone_read_only: "true" }));
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
  await page.getByRole("button", { name: "Continue" }).click();
  return phone;
}

async function authorizeAtConsent(page: Page): Promise<void> {
  await page.waitForURL(/\/login\/consent\?rid=/);
  await page.getByRole("button", { name: "Authorize" }).click();
  await page.waitForURL(/\/demo\/callback\?/);
  expect(new URL(page.url()).searchParams.get("code")).toMatch(/.{20,}/);
}

async function userByPhone(phone: string): Promise<{ id: string; status: string; submissions: number; documents: number }> {
  const { rows } = await database.query<{ id: string; status: string; submissions: number; documents: number }>(
    `SELECT u.id::text, u.status::text,
            (SELECT count(*)::int FROM verification_submissions WHERE user_id = u.id) AS submissions,
            (SELECT count(*)::int FROM verification_documents WHERE user_id = u.id) AS documents
       FROM users u WHERE u.phone = $1`,
    [phone],
  );
  return rows[0]!;
}

describe("every hosted form without JavaScript (the rest)", () => {
  it.each([false, true])(
    "forms-without-javascript (javaScript=%s): business verification and document upload reach consent, and are stored",
    async (javaScript) => {
      const business = await newPage(javaScript);
      const businessPhone = await signInWithIntent(business.page, "retry", "business");
      await business.page.waitForURL(/\/verify\/business\?rid=/);
      const fields = {
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
      };
      // A mistake first: the form comes back with the error next to its field, and what was typed kept.
      for (const [name, value] of Object.entries({ ...fields, ein: "12" })) {
        const input = business.page.locator(`[name="${name}"]`);
        if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
        else await input.fill(value);
      }
      await business.page.getByRole("button", { name: "Submit for review" }).click();
      await business.page.locator('[name="ein"][aria-invalid="true"]').waitFor();
      await expect(business.page.locator('[name="business_name"]').inputValue()).resolves.toBe("Analytical Engines LLC");
      expect(await userByPhone(businessPhone)).toMatchObject({ submissions: 0 });
      // Secrets (the SSN) are never sent back to the page: typed again, with the corrected EIN.
      await expect(business.page.locator('[name="controller_ssn"]').inputValue()).resolves.toBe("");
      await business.page.locator('[name="ein"]').fill(fields.ein);
      await business.page.locator('[name="controller_ssn"]').fill(fields.controller_ssn);
      await business.page.getByRole("button", { name: "Submit for review" }).click();
      await authorizeAtConsent(business.page);
      expect(await userByPhone(businessPhone)).toMatchObject({ status: "pending", submissions: 1 });

      const upload = await newPage(javaScript);
      const documentPhone = await signInWithIntent(upload.page, "document");
      await upload.page.waitForURL(/\/verify\/document\?rid=/);
      await upload.page.setInputFiles('[name="front"]', { name: "id.png", mimeType: "image/png", buffer: solidPng(64, 40) });
      await upload.page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: PDF });
      await upload.page.getByRole("button", { name: "Upload for review" }).click();
      await authorizeAtConsent(upload.page);
      expect(await userByPhone(documentPhone)).toMatchObject({ status: "pending", submissions: 1, documents: 2 });

      expect(
        [...business.statuses, ...upload.statuses].filter((status) => status >= 400),
        `javaScript=${javaScript}`,
      ).toEqual([]);
    },
    240_000,
  );

  it.each([false, true])(
    "forms-without-javascript (javaScript=%s): the account pages — a device renamed and removed after the question, signed out",
    async (javaScript) => {
      const { page, statuses } = await newPage(javaScript);
      const phone = testPhone();
      await page.goto(authorizeUrl());
      await page.getByLabel("Phone number").fill(phone);
      await page.getByRole("button", { name: "Send code" }).click();
      await page.waitForURL(/\/login\/code\?rid=/);
      await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
      await page.getByRole("button", { name: "Continue" }).click();
      await authorizeAtConsent(page);
      const { id: userId } = await userByPhone(phone);

      // A trusted device of this user (its passkey made elsewhere): renamed, then removed after the question.
      await database.query(
        `INSERT INTO devices (id, user_id, credential_id, public_key, transports, device_type, backup_eligible, backed_up, user_verified, aaguid, name, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, $2, '\\x00', '{}', 'singleDevice', false, false, true, '00000000-0000-0000-0000-000000000000', 'Phone at home', now())`,
        [userId, `cred-nojs-${userId}`],
      );
      await page.goto(`${server.url}/account/devices`);
      await page.getByLabel("New name for Phone at home").fill("Kitchen tablet");
      await page.getByRole("button", { name: "Rename" }).click();
      await page.getByTestId("device-name").filter({ hasText: "Kitchen tablet" }).waitFor();
      expect((await database.query("SELECT name FROM devices WHERE user_id = $1::uuid", [userId])).rows[0]?.name).toBe("Kitchen tablet");
      await page.getByLabel("Remove Kitchen tablet…").click();
      await page.getByRole("button", { name: "Yes, remove Kitchen tablet" }).click();
      await page.waitForURL(/result=revoked/);
      expect((await database.query("SELECT 1 FROM devices WHERE user_id = $1::uuid AND revoked_at IS NULL", [userId])).rowCount).toBe(0);
      expect(await page.getByTestId("device-name").count()).toBe(0);

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.goto(`${server.url}/account/security`);
      await page.getByText("Sign in through an application that uses Trustgate").waitFor();
      expect(
        statuses.filter((status) => status >= 400),
        `javaScript=${javaScript}`,
      ).toEqual([]);
    },
    240_000,
  );
});
