// The admin dashboard in the browser and over HTTP: password + TOTP sign-in, approving a pending
// user (audited, user.updated through the state machine) after which the user's next authorize
// goes straight to consent; role enforcement on the server; CSRF (Origin) on server actions;
// idle expiry; illegal transitions refused by the server.
import { exportJWK, generateKeyPair } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solidPng } from "../support/images";
import { adminSignIn, cookieHeader, postServerAction, serverActionId, serverDatabase } from "../support/admin-dashboard";
import { launchBrowser } from "../support/browser";
import { basicAuth, validIntent } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

const PASSWORD = "correct horse battery staple";
let server: RunningServer;
let browser: Browser;
let database: pg.Client;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
let adminContext: BrowserContext;
let admin: Page;
const adminEmail = "ops@acme.example";
const reviewerEmail = "reviewer@acme.example";

const cli = (args: string[]) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
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
  await adminSignIn(admin, server.url, adminEmail, PASSWORD);
});

afterAll(async () => {
  await database?.end();
  await browser?.close();
  await server?.stop();
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "st", ...extra }).toString();
  return url.toString();
}

/** A user who signed in through a partner's pending intent: status pending, waiting at consent. */
async function pendingUserAtConsent(page: Page): Promise<{ userId: string; phone: string }> {
  const phone = testPhone();
  const response = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone })),
  });
  const intent = (await response.json()) as { id: string; status: string };
  expect(intent.status).toBe("pending");
  await page.goto(authorizeUrl({ user_intent_id: intent.id, phone, phone_read_only: "true" }));
  await signInWithSms(page, server.url, phone, { phoneIsPrefilled: true });
  await page.waitForURL(/\/login\/consent/);
  await expect(page.getByRole("status").textContent()).resolves.toMatch(/under review/);
  const converted = (await (await fetch(`${server.url}/v1/user_intent/${intent.id}`, { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret) } })).json()) as {
    user_id: string;
  };
  return { userId: converted.user_id, phone };
}

async function userStatus(userId: string): Promise<string> {
  return (await database.query<{ status: string }>("SELECT status::text AS status FROM users WHERE id = $1", [userId])).rows[0]!.status;
}

describe("admin dashboard", () => {
  it("an admin approves a pending user with a reason; the audit log shows it; the user's next authorize goes straight to consent", async () => {
    const userContext = await browser.newContext();
    const userPage = await userContext.newPage();
    const { userId } = await pendingUserAtConsent(userPage);

    // Signed up through a pending intent, nothing submitted: listed under "All pending users".
    await admin.goto(`${server.url}/admin?show=all`);
    await admin.locator(`a[href="/admin/users/${userId}"]`).click();
    await admin.waitForURL(new RegExp(`/admin/users/${userId}$`));
    await expect(admin.getByTestId("user-status").textContent()).resolves.toBe("pending");
    await admin.getByLabel(/^Reason/).fill("ID and selfie match");
    await admin.getByRole("button", { name: "Approve", exact: true }).click();
    await admin.waitForURL(/notice=approved/);
    await expect(admin.getByTestId("user-status").textContent()).resolves.toBe("approved");
    // Only what the machine allows from approved is offered now.
    expect(await admin.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await expect(admin.getByRole("button", { name: "Suspend…" }).count()).resolves.toBe(1);

    // The domain event the webhooks outbox turns into user_updated, with the admin as actor.
    const events = await database.query<{ actor_type: string; actor_id: string; data: { from: string; to: string; reason: string } }>(
      "SELECT actor_type, actor_id, data FROM audit_events WHERE type = 'user.updated' AND user_id = $1",
      [userId],
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]).toMatchObject({ actor_type: "admin", data: { from: "pending", to: "approved", reason: "ID and selfie match" } });

    await admin.goto(`${server.url}/admin/audit?type=user.updated&target=${userId}`);
    const row = admin.getByRole("row").filter({ hasText: "user.updated" });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toMatch(new RegExp(`admin: ${adminEmail}.*ID and selfie match`));

    await userPage.goto(authorizeUrl({ state: "again" }));
    await userPage.waitForURL(/\/login\/consent/);
    expect(await userPage.getByRole("status").count()).toBe(0); // no "under review" notice any more
    await userPage.getByRole("button", { name: "Authorize" }).click();
    await userPage.waitForURL(/\/demo\/callback\?code=/);
    await userContext.close();
  });

  it("an illegal status transition is refused by the server with a clear message, and nothing changes", async () => {
    const userContext = await browser.newContext();
    const { userId } = await pendingUserAtConsent(await userContext.newPage());
    await userContext.close();
    await admin.goto(`${server.url}/admin/users/${userId}`);
    await admin.getByLabel(/^Reason/).fill("fraud ring");
    // reject-asks-for-confirmation: the first press only asks.
    await admin.getByRole("button", { name: "Reject…" }).click();
    await admin.getByText(/Reject this user\? The partner is told at once/).waitFor();
    expect(await admin.getByTestId("user-status").textContent()).toBe("pending");
    await admin.getByRole("button", { name: "Yes, reject" }).click();
    await admin.waitForURL(/notice=rejected/);
    expect(await admin.getByRole("button", { name: "Approve" }).count()).toBe(0); // rejected is final: nothing offered

    // A forged post of "approve" (the page no longer offers it) is refused by the server.
    const response = await postServerAction({
      url: `${server.url}/admin/users/${userId}`,
      actionId: serverActionId("decideAction"),
      fields: { kind: "user", id: userId, decision: "approve", reason: "sneaky" },
      cookie: await cookieHeader(adminContext, `${server.url}/admin`),
      origin: server.url,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-action-redirect")).toMatch(/error=invalid_status_transition/);
    expect(await userStatus(userId)).toBe("rejected");
    await admin.goto(`${server.url}/admin/users/${userId}?error=invalid_status_transition`);
    await expect(admin.getByRole("alert").filter({ hasText: "not allowed" }).count()).resolves.toBe(1);
  });

  it("csrf: a cross-origin post to an admin action is refused and changes nothing; the same post from the dashboard's origin works", async () => {
    const userContext = await browser.newContext();
    const { userId } = await pendingUserAtConsent(await userContext.newPage());
    await userContext.close();
    const cookie = await cookieHeader(adminContext, `${server.url}/admin`);
    const crossSite = await postServerAction({
      url: `${server.url}/admin/users/${userId}`,
      actionId: serverActionId("decideAction"),
      fields: { kind: "user", id: userId, decision: "approve", reason: "cross-site" },
      cookie,
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBeGreaterThanOrEqual(400);
    expect(await userStatus(userId)).toBe("pending");
    expect((await database.query("SELECT 1 FROM audit_events WHERE type = 'user.updated' AND user_id = $1", [userId])).rowCount).toBe(0);

    const sameSite = await postServerAction({
      url: `${server.url}/admin/users/${userId}`,
      actionId: serverActionId("decideAction"),
      fields: { kind: "user", id: userId, decision: "approve", reason: "same-site control" },
      cookie,
      origin: server.url,
    });
    expect(sameSite.status).toBe(200);
    expect(sameSite.headers.get("x-action-redirect")).toMatch(/notice=approved/);

    // The TOTP step of next-auth: from another origin the HTTP front refuses it outright; from our
    // own origin but without next-auth's CSRF token it is refused too. Neither sets a session cookie.
    const totpPost = (origin: string) =>
      fetch(`${server.url}/admin/auth/callback/admin-totp`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
        body: new URLSearchParams({ code: "123456", json: "true" }),
      });
    const crossOrigin = await totpPost("https://evil.example");
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    const forged = await totpPost(server.url);
    expect(JSON.stringify(await forged.json())).toMatch(/csrf=true/);
    expect(forged.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    expect(await userStatus(userId)).toBe("approved");
  });

  it("a reviewer cannot reach client management: pages answer 403 and the actions refuse with 403, server-side", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await adminSignIn(page, server.url, reviewerEmail, PASSWORD);
    expect(await page.getByRole("link", { name: "Clients" }).count()).toBe(0);
    for (const path of ["/admin/clients", `/admin/clients/${partner.client_id}`, "/admin/admins"]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response!.status(), path).toBe(403);
    }
    // The review queue itself is open to reviewers.
    expect((await page.goto(`${server.url}/admin`))!.status()).toBe(200);

    const cookie = await cookieHeader(context, `${server.url}/admin`);
    const attempts: { action: string; fields: Record<string, string> }[] = [
      { action: "createClientAction", fields: { name: "Reviewer Made", redirect_uris: "https://evil.example/cb", type: "confidential" } },
      { action: "rotateSecretAction", fields: { client_id: partner.client_id } },
      { action: "webhookAction", fields: { client_id: partner.client_id, webhook_url: "https://evil.example/hook" } },
      { action: "oauthProfileAction", fields: { client_id: partner.client_id, token_endpoint_auth_method: "default", require_par: "on" } },
      { action: "createAdminAction", fields: { email: "evil@example.com", password: "a long enough password", role: "admin" } },
    ];
    for (const attempt of attempts) {
      const response = await postServerAction({ url: `${server.url}/admin`, actionId: serverActionId(attempt.action), fields: attempt.fields, cookie, origin: server.url, withState: true });
      // forbidden() inside a server action: Next.js streams the 403 as the action's result (the
      // HTTP status of an action response stays 200); the action body never ran.
      const body = await response.text();
      expect(body, attempt.action).toContain("NEXT_HTTP_ERROR_FALLBACK;403");
      expect(body, attempt.action).not.toMatch(/"ok":|tgs_/);
    }
    const clients = await database.query<{ name: string; webhook_url: string | null }>("SELECT name, webhook_url FROM clients");
    expect(clients.rows.map((c) => c.name)).not.toContain("Reviewer Made");
    expect(clients.rows.every((c) => c.webhook_url === null)).toBe(true);
    expect((await database.query("SELECT 1 FROM admins WHERE email = 'evil@example.com'")).rowCount).toBe(0);
    // The partner's secret still works: it was not rotated.
    const token = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(token.status).toBe(200);
    await context.close();
  });

  it("an admin creates a client (secret shown once, and it works), edits redirect URIs and rotates the secret", async () => {
    const grant = (secret: string, clientId: string) =>
      fetch(`${server.url}/v1/oauth/token`, {
        method: "POST",
        headers: { Authorization: basicAuth(clientId, secret), "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }).then((r) => r.status);
    await admin.goto(`${server.url}/admin/clients`);
    await admin.getByLabel("Name").fill("Globex");
    await admin.getByLabel(/Redirect URIs/).fill("https://globex.example/callback");
    await admin.getByRole("button", { name: "Create client" }).click();
    const secret = (await admin.getByTestId("one-time-secret").textContent())!.trim();
    const clientId = /client_id ([0-9a-f]{32})/.exec((await admin.getByRole("status").filter({ hasText: "Created client" }).textContent())!)![1]!;
    expect(await grant(secret, clientId)).toBe(200);
    // Shown once: reloading the list never shows it again.
    await admin.reload();
    expect(await admin.getByTestId("one-time-secret").count()).toBe(0);
    expect(await admin.content()).not.toContain(secret);

    await admin.getByRole("link", { name: "Globex" }).click();
    await admin.waitForURL(new RegExp(`/admin/clients/${clientId}$`));
    const redirects = admin.locator("form", { has: admin.getByRole("button", { name: "Save redirect URIs" }) });
    const saveRedirects = async (value: string, expected: RegExp) => {
      await admin.getByLabel(/One per line/).fill(value);
      await admin.getByRole("button", { name: "Save redirect URIs" }).click();
      await redirects.getByText(expected).waitFor();
    };
    // The server runs in production mode: plain http only for loopback hosts.
    await saveRedirects("https://globex.example/callback\nhttp://evil.example/cb", /must use https/);
    await saveRedirects("javascript:alert(1)", /forbidden scheme/);
    await saveRedirects("https://globex.example/callback\nhttps://globex.example/other", /Redirect URIs saved/);
    const stored = await database.query<{ redirect_uris: string[] }>("SELECT redirect_uris FROM clients WHERE id = $1", [clientId]);
    expect(stored.rows[0]!.redirect_uris).toEqual(["https://globex.example/callback", "https://globex.example/other"]);

    // rotate-secret-asks-for-confirmation, then keeps the old secret for the grace period.
    await admin.getByRole("button", { name: "Rotate secret" }).click();
    await admin.getByText(/Issue a new client secret\?/).waitFor();
    expect(await grant(secret, clientId)).toBe(200);
    await admin.getByRole("button", { name: "Yes, rotate the secret" }).click();
    const rotated = (await admin.getByTestId("one-time-secret").textContent())!.trim();
    expect(rotated).not.toBe(secret);
    await admin
      .getByRole("status")
      .filter({ hasText: /previous secret keeps working until/ })
      .waitFor();
    expect(await grant(secret, clientId)).toBe(200);
    expect(await grant(rotated, clientId)).toBe(200);
    const audited = await database.query<{ type: string; actor_type: string }>("SELECT type, actor_type FROM audit_events WHERE client_id = $1 ORDER BY created_at", [clientId]);
    expect(audited.rows.filter((row) => row.actor_type === "admin").map((row) => row.type)).toEqual(["client.created", "client.updated", "client.secret_rotated"]);
  });

  it("an admin switches a client to private_key_jwt and FAPI 2.0 on its page (refused without keys); its secret stops working", async () => {
    await admin.goto(`${server.url}/admin/clients`);
    await admin.getByLabel("Name").fill("Initech");
    await admin.getByLabel(/Redirect URIs/).fill("https://initech.example/callback");
    await admin.getByRole("button", { name: "Create client" }).click();
    const secret = (await admin.getByTestId("one-time-secret").textContent())!.trim();
    const clientId = /client_id ([0-9a-f]{32})/.exec((await admin.getByRole("status").filter({ hasText: "Created client" }).textContent())!)![1]!;
    await admin.goto(`${server.url}/admin/clients/${clientId}`);
    const form = admin.locator("form", { has: admin.getByRole("button", { name: "Save client authentication" }) });
    await admin.getByLabel(/FAPI 2.0 Security Profile/).check();
    await admin.getByRole("button", { name: "Save client authentication" }).click();
    await form.getByText(/must authenticate with private_key_jwt/).waitFor();
    const { publicKey } = await generateKeyPair("ES256", { extractable: true });
    await admin.getByLabel("Token endpoint authentication").selectOption("private_key_jwt");
    await admin.getByLabel(/Public keys for private_key_jwt/).fill(JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "initech-1" }] }));
    await admin.getByLabel(/FAPI 2.0 Security Profile/).check();
    await admin.getByRole("button", { name: "Save client authentication" }).click();
    await form.getByText(/profile saved/).waitFor();
    const stored = await database.query<{ token_endpoint_auth_method: string; fapi2: boolean }>("SELECT token_endpoint_auth_method, fapi2 FROM clients WHERE id = $1", [clientId]);
    expect(stored.rows[0]).toEqual({ token_endpoint_auth_method: "private_key_jwt", fapi2: true });
    const grant = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { Authorization: basicAuth(clientId, secret), "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(grant.status).toBe(401);
  });

  it("admin-branding: an SVG logo and a low-contrast accent are refused on the client page with nothing saved; a PNG logo and a dark accent are saved and shown", async () => {
    await admin.goto(`${server.url}/admin/clients/${partner.client_id}`);
    const form = admin.locator("form", { has: admin.getByRole("button", { name: "Save branding" }) });
    await admin.getByLabel(/Display name/).fill("Acme Savings");
    await admin.getByLabel(/^Logo:/).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    await admin.getByRole("button", { name: "Save branding" }).click();
    await form.getByText(/SVG and HTML logos are refused/).waitFor();
    // What was typed stays; nothing was saved.
    await expect(admin.getByLabel(/Display name/).inputValue()).resolves.toBe("Acme Savings");
    const stored = () => database.query("SELECT display_name, logo_hash, accent_color FROM clients WHERE id = $1", [partner.client_id]).then((r) => r.rows[0]);
    expect(await stored()).toEqual({ display_name: null, logo_hash: null, accent_color: null });
    await admin.getByLabel(/^Logo:/).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: solidPng(64, 64) });
    await admin.getByLabel(/Accent colour/).fill("#f0abfc");
    await admin.getByRole("button", { name: "Save branding" }).click();
    await form.getByText(/contrast of 1\.\d\d:1/).waitFor();
    expect((await stored()).accent_color).toBeNull();
    await admin.getByLabel(/Accent colour/).fill("#7e22ce");
    await admin.getByRole("button", { name: "Save branding" }).click();
    await form.getByText("Branding saved.").waitFor();
    expect(await stored()).toMatchObject({ display_name: "Acme Savings", accent_color: "#7e22ce", logo_hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    await admin.reload();
    await admin.getByRole("img", { name: "Current logo" }).waitFor();
    const audited = await database.query<{ type: string }>("SELECT type FROM audit_events WHERE client_id = $1 AND actor_type = 'admin' AND data ? 'branding'", [partner.client_id]);
    expect(audited.rows.map((row) => row.type)).toEqual(["client.updated"]);
    // Back to Trustgate's own look for the other tests of this file.
    await cli(["client", "update", partner.client_id, "--display-name", "none", "--logo", "none", "--accent", "none"]);
  });

  it("admin pages carry the security headers and are never cached", async () => {
    for (const path of ["/admin/login", "/admin"]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: await cookieHeader(adminContext, `${server.url}/admin`) } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("cache-control")).toMatch(/no-store/);
    }
  });

  it("an end-user session never opens the dashboard", async () => {
    const userContext = await browser.newContext();
    const page = await userContext.newPage();
    await pendingUserAtConsent(page);
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await userContext.close();
  });

  it("an idle session (30 min without a request) must sign in again", async () => {
    const email = "idle@acme.example";
    expect((await cli(["admin", "create", "--email", email, "--password", PASSWORD, "--role", "reviewer"])).code).toBe(0);
    const context = await browser.newContext();
    const page = await context.newPage();
    await adminSignIn(page, server.url, email, PASSWORD);
    expect((await page.goto(`${server.url}/admin/audit`))!.status()).toBe(200);
    // The clock, not a real wait: the session was last seen 31 minutes ago.
    const aged = await database.query("UPDATE admin_sessions SET last_seen_at = now() - interval '31 minutes' WHERE admin_id = (SELECT id FROM admins WHERE email = $1) AND revoked_at IS NULL", [email]);
    expect(aged.rowCount).toBe(1);
    await page.goto(`${server.url}/admin/audit`);
    await page.waitForURL(/\/admin\/login\?expired=1/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/session ended/);
    // The cookie alone does not bring it back: the session row is revoked.
    const revoked = await database.query("SELECT revoked_at FROM admin_sessions WHERE admin_id = (SELECT id FROM admins WHERE email = $1)", [email]);
    expect(revoked.rows[0].revoked_at).not.toBeNull();
    await context.close();
  });

  it("sign out ends the session on the server", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = "signout@acme.example";
    expect((await cli(["admin", "create", "--email", email, "--password", PASSWORD, "--role", "reviewer"])).code).toBe(0);
    await adminSignIn(page, server.url, email, PASSWORD);
    const cookie = await cookieHeader(context, `${server.url}/admin`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/admin\/login$/);
    // Replaying the old cookie does not work.
    const replay = await fetch(`${server.url}/admin`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(replay.status).toBe(307);
    expect(replay.headers.get("location")).toMatch(/\/admin\/login/);
    await context.close();
  });
});
