// The review queue for speed (issue 19), in the browser: ten users approved with the keyboard
// only ("a" = Approve & next), bulk approve with one reason, a canned reason edited by an admin and
// picked by a reviewer, one document_viewed per document view, names that fall back to the email,
// a readable create-client error that keeps the form, and an audit log axe finds nothing on.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSignIn, serverDatabase } from "../support/admin-dashboard";
import { expectNoAxeViolations } from "../support/axe";
import { launchBrowser } from "../support/browser";
import { runCli, startServer, type RunningServer } from "../support/server";

const PASSWORD = "correct horse battery staple";
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
let server: RunningServer;
let browser: Browser;
let database: pg.Client;
let context: BrowserContext;
let admin: Page;
let phoneCounter = 0;

const cli = (args: string[]) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const created = await cli(["admin", "create", "--email", "queue@acme.example", "--password", PASSWORD, "--role", "admin"]);
  expect(created.code, created.stderr).toBe(0);
  database = await serverDatabase(server.dataDir);
  context = await browser.newContext();
  admin = await context.newPage();
  await adminSignIn(admin, server.url, "queue@acme.example", PASSWORD);
});

afterAll(async () => {
  await database?.end();
  await browser?.close();
  await server?.stop();
});

async function partner(name: string): Promise<string> {
  const created = JSON.parse((await cli(["client", "create", "--name", name, "--redirect-uri", `${server.url}/demo/callback`, "--json"])).stdout) as { client_id: string };
  return created.client_id;
}

/** A pending user who submitted an ID document (front and back) through `clientId`, `minutesAgo` ago. */
async function submittedUser(clientId: string, minutesAgo: number, name: { first?: string; last?: string; email?: string } = {}): Promise<string> {
  phoneCounter += 1;
  const phone = `+1628777${String(1000 + phoneCounter).padStart(4, "0")}`;
  const { rows } = await database.query<{ id: string }>(
    `INSERT INTO users (id, phone, email, first_name, last_name, status, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', now() - make_interval(mins => $5), now()) RETURNING id::text`,
    [phone, name.email ?? null, name.first ?? null, name.last ?? null, minutesAgo],
  );
  const userId = rows[0]!.id;
  const submission = await database.query<{ id: string }>(
    `INSERT INTO verification_submissions (id, user_id, kind, client_id, data, created_at)
     VALUES (gen_random_uuid(), $1, 'document', $2, '{}', now() - make_interval(mins => $3)) RETURNING id::text`,
    [userId, clientId, minutesAgo],
  );
  for (const side of ["front", "back"]) {
    await database.query(
      `INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, content)
       VALUES (gen_random_uuid(), $1, $2, $3, 'image/png', $4, 'test', $5)`,
      [submission.rows[0]!.id, userId, side, PNG.length, PNG],
    );
  }
  return userId;
}

async function statusOf(userId: string): Promise<{ status: string; reason: string | null }> {
  const status = (await database.query<{ status: string }>("SELECT status::text AS status FROM users WHERE id = $1", [userId])).rows[0]!.status;
  const reason = (await database.query<{ reason: string }>("SELECT data->>'reason' AS reason FROM audit_events WHERE type = 'user.updated' AND user_id = $1 ORDER BY created_at DESC LIMIT 1", [userId])).rows[0]?.reason ?? null;
  return { status, reason };
}

describe("review queue", () => {
  it("approve-ten-users-keyboard-only: 'a' approves with the first canned reason and opens the next user, ten times", async () => {
    const clientId = await partner("Keys Bank");
    const users: string[] = [];
    for (let i = 0; i < 10; i++) users.push(await submittedUser(clientId, 100 - i, { first: "Key", last: `Person ${i}` }));
    await admin.goto(`${server.url}/admin?partner=${clientId}`);
    const rows = admin.getByTestId("queue-row");
    await expect(rows.count()).resolves.toBe(10);
    // Columns: type, documents, partner, time waiting.
    await expect(rows.first().textContent()).resolves.toMatch(/Key Person 0.*ID document.*2.*Keys Bank.*1 h 40 min/);
    // The shortcuts are written on the user page.
    await admin.getByRole("link", { name: "Start reviewing" }).focus();
    await admin.keyboard.press("Enter");
    for (let i = 0; i < 10; i++) {
      await admin.waitForURL(new RegExp(`/admin/users/${users[i]}\\?`));
      // This user's form, with its shortcuts listening (the page changes without a reload).
      await admin.locator(`form[data-shortcuts="on"]:has(input[name="id"][value="${users[i]}"])`).waitFor();
      if (i === 0) await expect(admin.getByRole("heading", { name: "Keyboard shortcuts" }).count()).resolves.toBe(1);
      await admin.keyboard.press("a");
      if (i < 9) await admin.waitForURL(new RegExp(`/admin/users/${users[i + 1]}\\?.*decided=approved`));
    }
    await admin.waitForURL(/\/admin\?.*notice=queue_done/);
    for (const userId of users) expect(await statusOf(userId)).toEqual({ status: "approved", reason: "Documents match the submitted details" });
  });

  it("bulk-approve: the selected users are approved with one reason; the others stay in the queue", async () => {
    const clientId = await partner("Bulk Bank");
    const users = [await submittedUser(clientId, 30, { first: "Bulk", last: "One" }), await submittedUser(clientId, 20, { first: "Bulk", last: "Two" }), await submittedUser(clientId, 10, { first: "Bulk", last: "Three" })];
    await admin.goto(`${server.url}/admin?partner=${clientId}`);
    await admin.getByLabel("Select Bulk One").check();
    await admin.getByLabel("Select Bulk Three").check();
    await admin.getByLabel("Reason for all of them").fill("Batch checked against the registry");
    await admin.getByRole("button", { name: "Approve selected" }).click();
    await admin.waitForURL(/approved=2&failed=0/);
    await expect(admin.getByRole("status").first().textContent()).resolves.toMatch(/Approved 2 users/);
    expect(await statusOf(users[0]!)).toEqual({ status: "approved", reason: "Batch checked against the registry" });
    expect(await statusOf(users[2]!)).toEqual({ status: "approved", reason: "Batch checked against the registry" });
    expect((await statusOf(users[1]!)).status).toBe("pending");
    await expect(admin.getByTestId("queue-row").count()).resolves.toBe(1);
  });

  it("canned-reason: an admin adds one; on a user it fills in the reason and is what the audit log records", async () => {
    await admin.goto(`${server.url}/admin/reasons`);
    await admin.getByLabel("Decision").selectOption("approve");
    await admin.getByLabel("Reason", { exact: true }).fill("Selfie matches the ID photo");
    await admin.getByRole("button", { name: "Add reason" }).click();
    await admin.waitForURL(/notice=added/);
    const clientId = await partner("Canned Bank");
    const userId = await submittedUser(clientId, 5, { email: "nameless@canned.example" });
    await admin.goto(`${server.url}/admin?partner=${clientId}`);
    // nameless-user-shows-email: not "—".
    await expect(admin.getByTestId("queue-row").first().getByRole("link").textContent()).resolves.toBe("nameless@canned.example");
    await admin.goto(`${server.url}/admin/users/${userId}`);
    await expect(admin.locator("h1").textContent()).resolves.toMatch(/^nameless@canned\.example/);
    await admin.locator('form[data-shortcuts="on"]').waitFor();
    await admin.getByLabel("Canned reason").selectOption("Selfie matches the ID photo");
    await expect(admin.getByLabel(/^Reason/).inputValue()).resolves.toBe("Selfie matches the ID photo");
    await admin.getByRole("button", { name: "Approve", exact: true }).click();
    await admin.waitForURL(/notice=approved/);
    expect(await statusOf(userId)).toEqual({ status: "approved", reason: "Selfie matches the ID photo" });
  });

  it("evidence above the decision; one document view logs one document_viewed per document", async () => {
    const clientId = await partner("Docs Bank");
    const userId = await submittedUser(clientId, 3, { first: "Doc", last: "Viewer" });
    await admin.goto(`${server.url}/admin/users/${userId}`);
    await admin.waitForLoadState("networkidle");
    const headings = await admin.locator("h2").allTextContents();
    expect(headings.indexOf("Verification submissions and documents")).toBeLessThan(headings.indexOf("Decision"));
    await expect(admin.getByRole("link", { name: "View full size (front)" }).count()).resolves.toBe(1);
    const viewed = await database.query<{ n: string }>("SELECT count(*) AS n FROM audit_events WHERE type = 'verification.document_viewed' AND user_id = $1", [userId]);
    expect(Number(viewed.rows[0]!.n)).toBe(2);
  });
});

describe("admin defects", () => {
  it("create-client-error-readable: names the redirect URI in words and keeps what was typed", async () => {
    await admin.goto(`${server.url}/admin/clients`);
    await admin.waitForLoadState("networkidle");
    await admin.getByLabel("Name").fill("Initech");
    await admin.getByLabel("Redirect URIs (one per line)").fill("https://initech.example/cb\nhttp://evil.example/cb");
    await admin.getByRole("button", { name: "Create client" }).click();
    const error = admin.getByRole("alert").filter({ hasText: "Redirect URI" });
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/^Redirect URI 2 \(http:\/\/evil\.example\/cb\): /);
    await expect(error.textContent()).resolves.not.toMatch(/redirectUris\.1/);
    await expect(admin.getByLabel("Name").inputValue()).resolves.toBe("Initech");
    await expect(admin.getByLabel("Redirect URIs (one per line)").inputValue()).resolves.toBe("https://initech.example/cb\nhttp://evil.example/cb");
  });

  it("audit-log-details-keyboard-reachable: the events region takes focus, details are readable, axe finds nothing", async () => {
    await admin.goto(`${server.url}/admin/audit`);
    const region = admin.getByRole("region", { name: "Audit events table" });
    expect(await region.getAttribute("tabindex")).toBe("0");
    await expect(admin.locator("td dl").count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(admin, "audit log");
    await admin.goto(`${server.url}/admin`);
    await expectNoAxeViolations(admin, "review queue");
  });

  it("admin-pages-axe-light-and-dark: queue, a user with documents, search, audit log, clients, a branded client, canned reasons, admins, phone changes — axe finds nothing in either colour scheme", async () => {
    const clientId = await partner("Axe Bank");
    const branded = await cli(["client", "update", clientId, "--display-name", "Axe Bank", "--accent", "#0f766e", "--policy-uri", "https://axe.example/privacy"]);
    expect(branded.code, branded.stderr).toBe(0);
    const userId = await submittedUser(clientId, 7, { first: "Ada", last: "Axe" });
    const pages = ["/admin", `/admin/users/${userId}`, "/admin/search?q=axe", "/admin/audit", "/admin/clients", `/admin/clients/${clientId}`, "/admin/reasons", "/admin/admins", "/admin/phone-changes"];
    try {
      for (const colorScheme of ["light", "dark"] as const) {
        await admin.emulateMedia({ colorScheme });
        for (const path of pages) {
          const response = await admin.goto(`${server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          await expect(admin.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).resolves.toBe(colorScheme === "dark");
          await expectNoAxeViolations(admin, `${path} (${colorScheme})`);
        }
      }
    } finally {
      await admin.emulateMedia({ colorScheme: "light" });
    }
  });
});
