// The dashboard wired to the features it shows, against a production build: an admin signs in with
// password + TOTP, sets the partner's webhook URL (signing secret shown once), approves a pending
// user, and the partner's HTTPS receiver gets a signed user_updated; the user's next authorize goes
// straight to consent; the delivery log shows it and Resend sends it again. The user page shows
// verification submissions (SSN masked, revealed only by an admin, audited) and previews documents
// through an admin-only route; trusted devices can be revoked with a reason; phone change requests
// are approved or rejected with a reason.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSignIn, cookieHeader, postServerAction, serverActionId, serverDatabase } from "../support/admin-dashboard";
import { launchBrowser } from "../support/browser";
import { basicAuth, validIntent } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { loadVerifyWebhook, type VerifyTrustgateWebhook } from "../support/readme-examples";
import { runCli, startServer, type RunningServer } from "../support/server";
import { localhostCertificate, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const PASSWORD = "correct horse battery staple";
const adminEmail = "ops@acme.example";
const reviewerEmail = "reviewer@acme.example";
let server: RunningServer;
let browser: Browser;
let database: pg.Client;
let receiver: WebhookReceiver;
let verify: VerifyTrustgateWebhook;
let partner: { client_id: string; client_secret: string; signing_secret: string };
let redirectUri: string;
let adminContext: BrowserContext;
let admin: Page;
let reviewerContext: BrowserContext;
let reviewer: Page;

/** A real 2×2 PNG, so the inline preview must actually decode under the page's CSP. */
function tinyPng(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return PNG.sync.write(png);
}
const PNG_BYTES = tinyPng();
const PDF_BYTES = Buffer.from("%PDF-1.4\n% back of the id\n%%EOF\n");
const PERSONAL = { first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", ssn: "123-45-6789", address1: "1 Market St", city: "San Francisco", state: "CA", postal_code: "94105" };

const cli = (args: string[]) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });

beforeAll(async () => {
  const tls = localhostCertificate();
  receiver = await startWebhookReceiver({ tls });
  verify = loadVerifyWebhook("verify-webhook");
  // Production mode: webhook URLs must be https, so the receiver's self-signed certificate is trusted.
  [server, browser] = await Promise.all([startServer({ env: { NODE_EXTRA_CA_CERTS: tls.certFile } }), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  partner = JSON.parse((await cli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"])).stdout);
  for (const [email, role] of [
    [adminEmail, "admin"],
    [reviewerEmail, "reviewer"],
  ]) {
    const created = await cli(["admin", "create", "--email", email!, "--password", PASSWORD, "--role", role!]);
    expect(created.code, created.stderr).toBe(0);
  }
  database = await serverDatabase(server.dataDir);
  adminContext = await browser.newContext();
  admin = await adminContext.newPage();
  reviewerContext = await browser.newContext();
  reviewer = await reviewerContext.newPage();
  await adminSignIn(admin, server.url, adminEmail, PASSWORD);
  await adminSignIn(reviewer, server.url, reviewerEmail, PASSWORD);
}, 180_000);

afterAll(async () => {
  await database?.end();
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function authorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "st", ...extra }).toString();
  return url.toString();
}

/** A partner's user intent set to `status`, signed in through authorize by SMS; returns the user. */
async function signUp(page: Page, status: string): Promise<{ userId: string; phone: string }> {
  const phone = testPhone();
  const response = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone })),
  });
  expect(response.status).toBe(201);
  const intent = (await response.json()) as { id: string };
  if (status !== "pending") {
    const set = await cli(["intent", "set-status", intent.id, status, "--reason", "e2e"]);
    expect(set.code, set.stderr).toBe(0);
  }
  await page.goto(authorizeUrl({ user_intent_id: intent.id, phone, phone_read_only: "true" }));
  await signInWithSms(page, server.url, phone, { phoneIsPrefilled: true });
  let userId: string | undefined;
  await until(async () => {
    userId = (await database.query<{ id: string }>("SELECT id::text FROM users WHERE phone = $1", [phone])).rows[0]?.id;
    return Boolean(userId);
  }, "the user to exist after sign-in");
  return { userId: userId!, phone };
}

async function auditCount(type: string, where: { subjectId?: string; userId?: string }): Promise<number> {
  const result = await database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE type = $1 AND ($2::text IS NULL OR subject_id::text = $2::text) AND ($3::text IS NULL OR user_id::text = $3::text)", [
    type,
    where.subjectId ?? null,
    where.userId ?? null,
  ]);
  return result.rows[0]!.n;
}

describe("admin approval reaches the partner's webhook receiver", () => {
  it("password + TOTP admin sets the webhook URL (secret once), approves a pending user → signed user_updated; next authorize goes straight to consent; delivery log + resend; rotate", async () => {
    // The admin signed in with password + TOTP in beforeAll (adminSignIn enrols the app and types the code).
    await admin.goto(`${server.url}/admin/clients/${partner.client_id}`);
    const webhookForm = admin.locator("form", { has: admin.getByRole("button", { name: "Save webhook URL" }) });
    await admin.getByLabel(/Webhook URL/).fill(receiver.url);
    await admin.getByRole("button", { name: "Save webhook URL" }).click();
    await webhookForm.getByText("Webhook URL saved.").waitFor();
    // The signing secret came with `client create` (shown once there): saving a URL shows none.
    const secret = partner.signing_secret;
    expect(secret).toMatch(/^whsec_/);
    expect(await webhookForm.getByTestId("one-time-secret").count()).toBe(0);
    await admin.reload();
    expect(await admin.content()).not.toContain(secret);
    await admin.getByRole("button", { name: "Save webhook URL" }).click();
    await webhookForm.getByText("Webhook URL saved.").waitFor();
    expect(await webhookForm.getByTestId("one-time-secret").count()).toBe(0);

    const userContext = await browser.newContext();
    const userPage = await userContext.newPage();
    const { userId } = await signUp(userPage, "pending");
    await userPage.waitForURL(/\/login\/consent/);
    await expect(userPage.getByRole("status").textContent()).resolves.toMatch(/under review/);

    await admin.goto(`${server.url}/admin/users/${userId}`);
    await admin.getByLabel(/^Reason/).fill("ID and selfie match");
    await admin.getByRole("button", { name: "Approve", exact: true }).click();
    await admin.waitForURL(/notice=approved/);

    const isApproval = (rawBody: string) => {
      const body = JSON.parse(rawBody) as { webhook_type: string; user_id: string };
      return body.webhook_type === "user_updated" && body.user_id === userId;
    };
    await until(() => receiver.received.some((delivery) => isApproval(delivery.rawBody)), "the user_updated webhook");
    const delivery = receiver.received.find((received) => isApproval(received.rawBody))!;
    expect(verify(delivery.rawBody, delivery.signature, secret)).toBe(true);
    expect(verify(delivery.rawBody, delivery.signature, "whsec_not-the-secret")).toBe(false);
    expect(JSON.parse(delivery.rawBody)).toMatchObject({ webhook_type: "user_updated", user_id: userId, webhook_id: delivery.webhookId });

    await userPage.goto(authorizeUrl({ state: "again" }));
    await userPage.waitForURL(/\/login\/consent/);
    expect(await userPage.getByRole("status").count()).toBe(0); // no "under review" any more
    await userPage.getByRole("button", { name: "Authorize" }).click();
    await userPage.waitForURL(/\/demo\/callback\?code=/);
    await userContext.close();

    // The delivery log on the client page: status, attempts, last response status.
    const row = () => admin.getByTestId("webhook-delivery").filter({ hasText: delivery.webhookId });
    await until(async () => {
      await admin.goto(`${server.url}/admin/clients/${partner.client_id}`);
      return (await row().getByTestId("delivery-status").textContent()) === "succeeded";
    }, "the delivery log to show success");
    await expect(row().textContent()).resolves.toMatch(/user_updated.*succeeded.*1.*200/);

    const before = receiver.received.filter((received) => received.webhookId === delivery.webhookId).length;
    await row().getByRole("button", { name: "Resend" }).click();
    await admin.waitForURL(/resent=1/);
    await until(() => receiver.received.filter((received) => received.webhookId === delivery.webhookId).length === before + 1, "the resent delivery");
    const resent = receiver.received.filter((received) => received.webhookId === delivery.webhookId).at(-1)!;
    expect(resent.rawBody).toBe(delivery.rawBody); // same webhook_id and body: the receiver can deduplicate
    expect(verify(resent.rawBody, resent.signature, secret)).toBe(true);
    expect(await auditCount("webhook.resend_requested", {})).toBe(1);

    await admin.getByRole("button", { name: "Rotate signing secret" }).click();
    const rotated = (await admin
      .locator("form", { has: admin.getByRole("button", { name: "Rotate signing secret" }) })
      .getByTestId("one-time-secret")
      .textContent())!.trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    const audited = await database.query<{ type: string; actor_type: string }>("SELECT type, actor_type FROM audit_events WHERE client_id = $1 AND type LIKE 'client.%' ORDER BY created_at", [partner.client_id]);
    expect(audited.rows.filter((r) => r.actor_type === "admin").map((r) => r.type)).toEqual(["client.updated", "client.updated", "client.signing_secret_rotated"]);
  }, 240_000);

  it("a reviewer cannot set, rotate or resend webhooks: the actions refuse with 403 server-side", async () => {
    const cookie = await cookieHeader(reviewerContext, `${server.url}/admin`);
    const [deliveryRow] = (await database.query<{ id: string }>("SELECT id::text FROM webhook_deliveries LIMIT 1")).rows;
    const before = (await database.query<{ webhook_url: string | null }>("SELECT webhook_url FROM clients WHERE id = $1", [partner.client_id])).rows[0]!;
    const attempts: { action: string; fields: Record<string, string>; withState: boolean }[] = [
      { action: "webhookAction", fields: { client_id: partner.client_id, webhook_url: "https://evil.example/hook" }, withState: true },
      { action: "rotateWebhookSecretAction", fields: { client_id: partner.client_id }, withState: true },
      { action: "resendDeliveryAction", fields: { client_id: partner.client_id, delivery_id: deliveryRow?.id ?? "" }, withState: false },
    ];
    for (const attempt of attempts) {
      const response = await postServerAction({ url: `${server.url}/admin`, actionId: serverActionId(attempt.action), fields: attempt.fields, cookie, origin: server.url, withState: attempt.withState });
      const body = await response.text();
      expect(body, attempt.action).toContain("NEXT_HTTP_ERROR_FALLBACK;403");
      expect(body, attempt.action).not.toContain("whsec_");
    }
    const after = (await database.query<{ webhook_url: string | null }>("SELECT webhook_url FROM clients WHERE id = $1", [partner.client_id])).rows[0]!;
    expect(after).toEqual(before);
  });
});

describe("verification submissions and documents on the user page", () => {
  let personal: { userId: string };
  let documents: { userId: string };
  let userCookie: string;

  beforeAll(async () => {
    const userContext = await browser.newContext();
    const page = await userContext.newPage();
    personal = await signUp(page, "retry");
    await page.waitForURL(/\/verify\/personal\?rid=/);
    for (const [name, value] of Object.entries(PERSONAL)) {
      const input = page.locator(`[name="${name}"]`);
      if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
      else await input.fill(value);
    }
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.waitForURL(/\/login\/consent/);
    await userContext.close();

    const documentContext = await browser.newContext();
    const documentPage = await documentContext.newPage();
    documents = await signUp(documentPage, "document");
    await documentPage.waitForURL(/\/verify\/document\?rid=/);
    await documentPage.setInputFiles('[name="front"]', { name: "front.png", mimeType: "image/png", buffer: PNG_BYTES });
    await documentPage.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: PDF_BYTES });
    await documentPage.getByRole("button", { name: "Upload for review" }).click();
    await documentPage.waitForURL(/\/login\/consent/);
    userCookie = await cookieHeader(documentContext, server.url);
    await documentContext.close();
  }, 180_000);

  it("an admin sees the submission with the SSN masked, reveals it (audited); a reviewer sees it masked and cannot reveal", async () => {
    await admin.goto(`${server.url}/admin/users/${personal.userId}`);
    const submission = admin.getByTestId("verification-submission");
    await expect(submission.count()).resolves.toBe(1);
    const text = (await submission.textContent())!;
    expect(text).toMatch(/^personal submission/);
    for (const value of ["Ada", "Lovelace", "1990-12-10", "1 Market St", "San Francisco", "94105"]) expect(text).toContain(value);
    await expect(admin.getByTestId("ssn-masked").textContent()).resolves.toBe("***-**-6789");
    expect(await admin.content()).not.toContain("123-45-6789");
    await admin.getByRole("button", { name: "Reveal SSN" }).click();
    await expect(submission.getByTestId("one-time-secret").textContent()).resolves.toBe("123-45-6789");
    expect(await auditCount("verification.secret_revealed", { userId: personal.userId })).toBe(1);

    await reviewer.goto(`${server.url}/admin/users/${personal.userId}`);
    await expect(reviewer.getByTestId("ssn-masked").textContent()).resolves.toBe("***-**-6789");
    expect(await reviewer.getByRole("button", { name: /Reveal/ }).count()).toBe(0);
    const [row] = (await database.query<{ id: string }>("SELECT id::text FROM verification_submissions WHERE user_id = $1", [personal.userId])).rows;
    const forged = await postServerAction({
      url: `${server.url}/admin/users/${personal.userId}`,
      actionId: serverActionId("revealSecretAction"),
      fields: { submission_id: row!.id, field: "ssn" },
      cookie: await cookieHeader(reviewerContext, `${server.url}/admin`),
      origin: server.url,
      withState: true,
    });
    const body = await forged.text();
    expect(body).toContain("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(body).not.toContain("123-45-6789");
    expect(await auditCount("verification.secret_revealed", { userId: personal.userId })).toBe(1);
  });

  it("documents preview inline for an admin (image decoded, PDF linked) from a no-store, nosniff, sandboxed route; every read is audited", async () => {
    await admin.goto(`${server.url}/admin/users/${documents.userId}`);
    await expect(admin.getByTestId("verification-document").count()).resolves.toBe(2);
    const image = admin.getByRole("img", { name: /ID document, front side/ });
    await until(() => image.evaluate((el) => (el as HTMLImageElement).complete), "the preview to load");
    expect(await image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(2);
    const pdfLink = admin.getByRole("link", { name: /Open PDF \(back\)/ });
    const pdfHref = (await pdfLink.getAttribute("href"))!;
    const frontHref = (await image.getAttribute("src"))!;

    const cookie = await cookieHeader(adminContext, `${server.url}/admin`);
    const front = await fetch(`${server.url}${frontHref}`, { headers: { Cookie: cookie } });
    expect(front.status).toBe(200);
    expect(Buffer.from(await front.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    expect(front.headers.get("content-type")).toBe("image/png");
    expect(front.headers.get("x-content-type-options")).toBe("nosniff");
    expect(front.headers.get("cache-control")).toMatch(/no-store/);
    expect(front.headers.get("content-disposition")).toMatch(/^inline; filename="front-[0-9a-f]{8}\.png"$/);
    expect(front.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const pdf = await fetch(`${server.url}${pdfHref}?download=1`, { headers: { Cookie: cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename="back-[0-9a-f]{8}\.pdf"$/);
    expect(await auditCount("verification.document_viewed", { userId: documents.userId })).toBeGreaterThanOrEqual(3);

    // Reviewers review users, so they may view documents too.
    const asReviewer = await fetch(`${server.url}${frontHref}`, { headers: { Cookie: await cookieHeader(reviewerContext, `${server.url}/admin`) } });
    expect(asReviewer.status).toBe(200);
  });

  it("the document route refuses a request without an admin session and one with only the end user's session", async () => {
    const [document] = (await database.query<{ id: string }>("SELECT id::text FROM verification_documents WHERE user_id = $1 LIMIT 1", [documents.userId])).rows;
    const before = await auditCount("verification.document_viewed", { subjectId: document!.id });
    const anonymous = await fetch(`${server.url}/admin/documents/${document!.id}`, { redirect: "manual" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).not.toMatch(/image|pdf/);
    expect(userCookie).not.toBe("");
    const endUser = await fetch(`${server.url}/admin/documents/${document!.id}`, { headers: { Cookie: userCookie }, redirect: "manual" });
    expect(endUser.status).toBe(401);
    expect(await auditCount("verification.document_viewed", { subjectId: document!.id })).toBe(before);
    const unknown = await fetch(`${server.url}/admin/documents/00000000-0000-4000-8000-000000000000`, { headers: { Cookie: await cookieHeader(adminContext, `${server.url}/admin`) } });
    expect(unknown.status).toBe(404);
  });

  it("trusted devices: listed with flagged ones highlighted; revoking needs a reason and is audited", async () => {
    const userId = personal.userId;
    const insert = (name: string, flagged: boolean) =>
      database.query<{ id: string }>(
        `INSERT INTO devices (id, user_id, credential_id, public_key, transports, device_type, backup_eligible, backed_up, user_verified, aaguid, name, flagged_at, flag_reason, updated_at)
         VALUES (gen_random_uuid(), $1, $2, '\\x00'::bytea, '{}', 'multiDevice', true, true, true, '00000000-0000-0000-0000-000000000000', $3, $4, $5, now()) RETURNING id::text`,
        [userId, `cred-${name}-${Date.now()}`, name, flagged ? new Date() : null, flagged ? "counter regression" : null],
      );
    await insert("Ada's laptop", false);
    const flagged = (await insert("Cloned phone", true)).rows[0]!.id;

    await admin.goto(`${server.url}/admin/users/${userId}`);
    const rows = admin.getByTestId("device-row");
    await expect(rows.count()).resolves.toBe(2);
    const flaggedRow = rows.filter({ hasText: "Cloned phone" });
    await expect(flaggedRow.getAttribute("data-flagged")).resolves.toBe("true");
    await expect(flaggedRow.textContent()).resolves.toMatch(/flagged/);

    // Without a reason the server refuses (the browser's `required` is not the check).
    const refused = await postServerAction({
      url: `${server.url}/admin/users/${userId}`,
      actionId: serverActionId("adminRevokeDeviceAction"),
      fields: { user_id: userId, device_id: flagged, reason: "  " },
      cookie: await cookieHeader(adminContext, `${server.url}/admin`),
      origin: server.url,
    });
    expect(refused.headers.get("x-action-redirect")).toMatch(/error=validation_failed/);
    expect((await database.query("SELECT 1 FROM devices WHERE id = $1 AND revoked_at IS NULL", [flagged])).rowCount).toBe(1);

    await flaggedRow.getByRole("textbox").fill("suspected clone");
    await flaggedRow.getByRole("button", { name: "Revoke…" }).click();
    await flaggedRow.getByRole("button", { name: "Yes, revoke" }).click();
    await admin.waitForURL(/device=revoked/);
    await expect(rows.filter({ hasText: "Cloned phone" }).textContent()).resolves.toMatch(/revoked/);
    const audit = await database.query<{ actor_type: string; data: { reason: string } }>("SELECT actor_type, data FROM audit_events WHERE type = 'device.revoked' AND subject_id = $1", [flagged]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_type: "admin", data: { reason: "suspected clone" } });
  });
});

describe("phone change requests", () => {
  it("pending requests oldest first; approve moves the user's phone, reject leaves it; each needs a reason and is audited", async () => {
    const users: { userId: string; phone: string }[] = [];
    for (let i = 0; i < 2; i += 1) {
      const context = await browser.newContext();
      users.push(await signUp(await context.newPage(), "pending"));
      await context.close();
    }
    const newPhones = [testPhone(), testPhone()];
    // The second user's request is older: it must be listed first.
    for (const [index, minutesAgo] of [
      [0, 5],
      [1, 50],
    ] as const) {
      await database.query(`INSERT INTO phone_change_requests (id, user_id, old_phone, new_phone, created_at, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now() - ($4 || ' minutes')::interval, now())`, [
        users[index]!.userId,
        users[index]!.phone,
        newPhones[index],
        String(minutesAgo),
      ]);
    }

    // Reviewers decide about users, so they open the queue too.
    expect((await reviewer.goto(`${server.url}/admin/phone-changes`))!.status()).toBe(200);
    await admin.goto(`${server.url}/admin/phone-changes`);
    const rows = admin.getByTestId("phone-change-row");
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain(newPhones[1]);

    const approveRow = rows.filter({ hasText: newPhones[0] });
    await approveRow.getByRole("textbox").fill("called the user on the old number");
    await approveRow.getByRole("button", { name: "Approve" }).click();
    await admin.waitForURL(/notice=approved/);
    const rejectRow = admin.getByTestId("phone-change-row").filter({ hasText: newPhones[1] });
    await rejectRow.getByRole("textbox").fill("could not confirm");
    await rejectRow.getByRole("button", { name: "Reject" }).click();
    await admin.waitForURL(/notice=rejected/);
    await expect(admin.getByTestId("phone-change-row").count()).resolves.toBe(0);

    const phoneOf = async (userId: string) => (await database.query<{ phone: string }>("SELECT phone FROM users WHERE id = $1", [userId])).rows[0]!.phone;
    expect(await phoneOf(users[0]!.userId)).toBe(newPhones[0]);
    expect(await phoneOf(users[1]!.userId)).toBe(users[1]!.phone);
    const decided = await database.query<{ type: string; actor_type: string }>("SELECT type, actor_type FROM audit_events WHERE type LIKE 'phone_change.%' AND user_id = ANY($1::uuid[]) ORDER BY created_at", [
      users.map((user) => user.userId),
    ]);
    expect(decided.rows).toEqual([
      { type: "phone_change.approved", actor_type: "admin" },
      { type: "phone_change.rejected", actor_type: "admin" },
    ]);
  }, 180_000);
});

describe("risk-action rules on the client page", () => {
  it("an admin adds, edits and removes an action's rules; invalid JSON or rules are refused with the path named and nothing stored; audited", async () => {
    await admin.goto(`${server.url}/admin/clients/${partner.client_id}`);
    const addForm = admin.locator("form", { has: admin.getByRole("button", { name: "Add rules" }) });
    await admin.getByLabel("Action code").fill("withdraw");
    // The rules editor is for admins only: the reviewer's page is a 403.
    expect((await reviewer.goto(`${server.url}/admin/clients/${partner.client_id}`))!.status()).toBe(403);
    await admin.getByLabel("New rules (JSON)").fill("{ not json");
    await admin.getByRole("button", { name: "Add rules" }).click();
    await addForm.getByText("The rules are not valid JSON.").waitFor();
    // React resets a form after its action: the fields are typed again, as a person would.
    await admin.getByLabel("Action code").fill("withdraw");
    await admin.getByLabel("New rules (JSON)").fill(JSON.stringify({ defaultOutcome: "MAYBE", rules: [] }));
    await admin.getByRole("button", { name: "Add rules" }).click();
    await addForm.getByText(/The rules are invalid: .*defaultOutcome/).waitFor();
    const stored = () => database.query<{ rules: unknown }>("SELECT rules FROM action_rule_sets WHERE client_id = $1 AND action = 'withdraw'", [partner.client_id]);
    expect((await stored()).rowCount).toBe(0);

    const rules = { defaultOutcome: "ALLOW", rules: [{ id: "block-tor", priority: 1, outcome: "BLOCK", conditions: [{ type: "ip_address", in: ["203.0.113.0/24"] }] }] };
    await admin.getByLabel("Action code").fill("withdraw");
    await admin.getByLabel("New rules (JSON)").fill(JSON.stringify(rules));
    await admin.getByRole("button", { name: "Add rules" }).click();
    await addForm.getByText(/Rules for withdraw saved \(1 rule/).waitFor();
    expect((await stored()).rows[0]!.rules).toEqual(rules);

    await admin.reload();
    await expect(admin.getByTestId("rule-set").filter({ hasText: "withdraw" }).count()).resolves.toBe(1);
    await admin.getByLabel("Rules (JSON)", { exact: true }).fill(JSON.stringify({ ...rules, defaultOutcome: "BLOCK" }));
    await admin.getByRole("button", { name: "Save rules for withdraw" }).click();
    await admin.getByText(/Rules for withdraw saved/).waitFor();
    expect((await stored()).rows[0]!.rules).toMatchObject({ defaultOutcome: "BLOCK" });

    await admin.getByRole("button", { name: "Remove rules for withdraw" }).click();
    await admin.waitForURL(/rules_removed=withdraw/);
    await admin.getByText(/Rules for withdraw removed/).waitFor();
    await expect(admin.getByTestId("rule-set").count()).resolves.toBe(0);
    expect((await stored()).rowCount).toBe(0);
    const audited = await database.query<{ type: string; actor_type: string }>("SELECT type, actor_type FROM audit_events WHERE client_id = $1 AND type LIKE 'action_rules.%' ORDER BY created_at", [partner.client_id]);
    expect(audited.rows).toEqual([
      { type: "action_rules.updated", actor_type: "admin" },
      { type: "action_rules.updated", actor_type: "admin" },
      { type: "action_rules.deleted", actor_type: "admin" },
    ]);

    // A reviewer's forged post is refused server-side.
    const forged = await postServerAction({
      url: `${server.url}/admin`,
      actionId: serverActionId("saveRulesAction"),
      fields: { client_id: partner.client_id, action: "withdraw", rules: JSON.stringify(rules) },
      cookie: await cookieHeader(reviewerContext, `${server.url}/admin`),
      origin: server.url,
      withState: true,
    });
    expect(await forged.text()).toContain("NEXT_HTTP_ERROR_FALLBACK;403");
    expect((await stored()).rowCount).toBe(0);
  });
});
