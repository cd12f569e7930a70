// Trusted devices in Chromium with CDP virtual authenticators (one per page): register this device
// after an SMS sign-in, sign in with the passkey to the partner's code, approve a second device's
// sign-in (number matching), reject it, let it expire, replay an approval for another request,
// catch a cloned authenticator, and refuse a device that does not verify the user. QR approval with
// typed number matching, Cancel and heartbeat expiry; the web SDK on a partner's page (second origin).
import fs from "node:fs";
import path from "node:path";
import jsQR from "jsqr";
import pg from "pg";
import { PNG } from "pngjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe";
import { authenticatorOf, launchBrowser, newContextWithAuthenticators, within } from "../support/browser";
import { basicAuth } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { startSdkPartnerServer, type SdkPartnerServer } from "../support/sdk-partner";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let partners: { client_id: string; client_secret: string }[];
let redirectUri: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  partners = [];
  for (const name of ["Acme Bank", "Beta Wallet", "Gamma Pay"]) {
    const created = await runCli(["client", "create", "--name", name, "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    partners.push(JSON.parse(created.stdout));
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
});

/** A browser profile = a device: each of its pages gets a virtual platform authenticator. */
async function device(): Promise<Page> {
  const context = await newContextWithAuthenticators(browser);
  contexts.push(context);
  const page = await context.newPage();
  await authenticatorOf(page);
  return page;
}

async function query<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const { url } = JSON.parse(fs.readFileSync(path.join(server.dataDir, "trustgate-db.json"), "utf8")) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

function authorizeUrl(partner: { client_id: string }, state = "st"): string {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state }).toString();
  return url.toString();
}

/** The partner redeems the code it got and reads how the user signed in from the ID token. */
async function redeem(partner: { client_id: string; client_secret: string }, page: Page): Promise<Record<string, unknown>> {
  return (await redeemTokens(partner, page)).claims;
}

async function redeemTokens(partner: { client_id: string; client_secret: string }, page: Page): Promise<{ claims: Record<string, unknown>; refreshToken: string }> {
  await page.waitForURL(/\/demo\/callback\?/);
  const code = new URL(page.url()).searchParams.get("code")!;
  const response = await fetch(`${server.url}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }).toString(),
  });
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { id_token: string; refresh_token: string };
  return { claims: JSON.parse(Buffer.from(tokens.id_token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>, refreshToken: tokens.refresh_token };
}

async function refreshGrant(partner: { client_id: string; client_secret: string }, refreshToken: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
  });
  return response.status;
}

/** SMS sign-in on a new device, then "Add this device" from the offer on the consent page. */
async function enrolDevice(page: Page, phone: string, partner = partners[0]!): Promise<void> {
  await page.goto(authorizeUrl(partner));
  await signInWithSms(page, server.url, phone);
  await expect(page.locator("h1").textContent()).resolves.toMatch(/^Authorize /);
  await within(page.getByRole("button", { name: "Add this device" }).click(), 10_000, "Add this device");
  await within(page.getByRole("heading", { name: "Trust this device?" }).waitFor({ state: "detached" }), 20_000, "registration");
  expect(await (await authenticatorOf(page)).credentials()).toHaveLength(1);
}

/** Ends the browser's session (the passkey stays in the page's authenticator). */
async function signOut(page: Page): Promise<void> {
  await page.context().clearCookies();
}

async function waitingCode(page: Page): Promise<string> {
  const code = page.getByTestId("login-request-code");
  await within(code.waitFor(), 15_000, "the waiting screen");
  return (await code.textContent())!.trim();
}

async function requestApproval(page: Page, phone: string, partner = partners[1]!): Promise<string> {
  await page.goto(authorizeUrl(partner));
  await page.waitForURL(/\/login\?rid=/);
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Approve on my other device" }).click();
  return waitingCode(page);
}

async function checkRequests(page: Page) {
  await page.goto(`${server.url}/account/approve`);
  await page.getByRole("button", { name: "Check for sign-in requests" }).click();
}

describe("register, then sign in with the passkey", () => {
  it("Add this device after an SMS sign-in; next time Sign in with this device skips SMS and reaches the partner's code", async () => {
    const phone = testPhone();
    const page = await device();
    const registrations: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/devices/registration/verify")) registrations.push(request.postData() ?? "");
    });
    await enrolDevice(page, phone);
    const [stored] = await query<{ name: string; user_verified: boolean; transports: string[] }>(`SELECT d.name, d.user_verified, d.transports FROM devices d JOIN users u ON u.id = d.user_id WHERE u.phone = '${phone}'`);
    expect(stored).toMatchObject({ name: "Chrome on Linux", user_verified: true });
    await page.getByRole("button", { name: "Authorize" }).click();
    expect(await redeem(partners[0]!, page)).toMatchObject({ auth_method: "sms_otp" });

    // The addAuthenticator token that registered it cannot be used again, even by its own session.
    const { token } = JSON.parse(registrations[0]!) as { token: string };
    const reuse = await page.evaluate(async (t) => {
      const r = await fetch("/api/devices/registration/options", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: t }) });
      return { status: r.status, body: await r.json() };
    }, token);
    expect(reuse).toMatchObject({ status: 400, body: { error: "device_registration_token_invalid" } });

    const smsBefore = await query<{ n: number }>(`SELECT count(*)::int AS n FROM sms_messages WHERE "to" = '${phone}'`);
    await signOut(page);
    await page.goto(authorizeUrl(partners[0]!, "second"));
    await page.waitForURL(/\/login\?rid=/);
    expect(await page.getByLabel("Phone number").getAttribute("autocomplete")).toBe("tel webauthn");
    // Chromium's virtual authenticator may answer the passkey autofill (conditional UI) by itself
    // before the click: either way the passkey signs in.
    await Promise.race([page.getByRole("button", { name: "Sign in with this device" }).click(), page.waitForURL(/\/demo\/callback\?/)]);
    const { claims, refreshToken } = await within(redeemTokens(partners[0]!, page), 20_000, "passkey sign-in");
    expect(claims).toMatchObject({ auth_method: "passkey", amr: ["hwk", "user"] });
    expect(new URL(page.url()).searchParams.get("state")).toBe("second");
    expect(await query(`SELECT count(*)::int AS n FROM sms_messages WHERE "to" = '${phone}'`)).toEqual(smsBefore);
    const [used] = await query<{ counter: string; last_used_at: Date | null }>(`SELECT d.counter::text, d.last_used_at FROM devices d JOIN users u ON u.id = d.user_id WHERE u.phone = '${phone}'`);
    expect(used!.last_used_at).not.toBeNull();

    // The device page lists it; renaming works.
    await page.goto(`${server.url}/account/devices`);
    await expect(page.getByTestId("device-name").textContent()).resolves.toBe("Chrome on Linux");
    await page.getByLabel("New name for Chrome on Linux").fill("My laptop");
    await page.getByRole("button", { name: "Rename" }).click();
    await page.waitForURL(/result=renamed/);
    await expect(page.getByTestId("device-name").textContent()).resolves.toBe("My laptop");

    // Removing it ends what it signed in: this session and the partner's refresh token.
    // device-removal-asks-first: "Remove…" opens the question; only "Yes, remove" removes.
    await page.getByLabel("Remove My laptop…").click();
    await page.getByRole("button", { name: "Yes, remove My laptop" }).click();
    await page.waitForURL(/result=revoked/);
    await within(page.getByText("Sign in through an application that uses Trustgate").waitFor(), 10_000, "signed out");
    expect(await refreshGrant(partners[0]!, refreshToken)).toBe(400);
  });

  it("Not now is remembered: the offer is not asked again in this browser", async () => {
    const phone = testPhone();
    const page = await device();
    await page.goto(authorizeUrl(partners[0]!));
    await signInWithSms(page, server.url, phone);
    await page.getByRole("button", { name: "Not now" }).click();
    await within(page.getByRole("heading", { name: "Trust this device?" }).waitFor({ state: "detached" }), 10_000, "offer dismissed");
    await page.context().clearCookies({ name: /session-token/ });
    // Past the SMS resend cooldown, as if half a minute had gone by.
    await query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = '${phone}'`);
    await page.goto(authorizeUrl(partners[1]!));
    await signInWithSms(page, server.url, phone);
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Beta Wallet");
    expect(await page.getByRole("heading", { name: "Trust this device?" }).count()).toBe(0);
  });

  it("registration needs a signed-in session: no token and no options without one", async () => {
    const headers = { "Content-Type": "application/json", Origin: server.url };
    const token = await fetch(`${server.url}/api/devices/registration/token`, { method: "POST", headers, body: "{}" });
    expect(token.status).toBe(401);
    const options = await fetch(`${server.url}/api/devices/registration/options`, { method: "POST", headers, body: JSON.stringify({ token: "tgd_made-up-token-value" }) });
    expect(options.status).toBe(401);
    const crossSite = await fetch(`${server.url}/api/devices/registration/token`, { method: "POST", headers: { ...headers, Origin: "https://evil.example" }, body: "{}" });
    expect(crossSite.status).toBe(403);
  });
});

describe("approve from a trusted device", () => {
  it("B asks, A sees the same number and approves, B finishes signed in with trusted_device and is offered to trust itself; the approval cannot be replayed", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const decisions: string[] = [];
    a.on("request", (request) => {
      if (request.url().includes("/decision")) decisions.push(request.postData() ?? "");
    });
    const b = await device();
    const code = await requestApproval(b, phone);
    expect(code).toMatch(/^\d{2}$/);
    await b.screenshot({ path: ".tmp/device-waiting.png", fullPage: true });

    await checkRequests(a);
    const request = a.getByTestId("sign-in-request");
    await within(request.waitFor(), 15_000, "the request list");
    // Typed number matching: the trusted device never shows the number, the user types it.
    await expect(request.textContent()).resolves.not.toContain(code);
    await expect(request.textContent()).resolves.toContain("Beta Wallet wants to sign you in");
    await expect(request.textContent()).resolves.toContain("unknown");
    await request.getByLabel("Number shown on the other device").fill(code);
    await a.screenshot({ path: ".tmp/device-requests.png", fullPage: true });
    await request.getByRole("button", { name: "Approve" }).click();
    await within(a.getByTestId("sign-in-requests-message").filter({ hasText: "Approved" }).waitFor(), 15_000, "approval");

    await within(b.waitForURL(/\/login\/consent\?/), 20_000, "B continuing");
    await expect(b.getByRole("heading", { name: "Trust this device?" }).isVisible()).resolves.toBe(true);
    await b.screenshot({ path: ".tmp/device-offer.png", fullPage: true });
    await b.getByRole("button", { name: "Authorize" }).click();
    expect(await redeem(partners[1]!, b)).toMatchObject({ auth_method: "trusted_device", amr: ["hwk", "user", "mca"] });

    // A's signed approval, replayed for a new request of the same user, is refused.
    const c = await device();
    const otherCode = await requestApproval(c, phone, partners[2]!);
    const [pending] = await query<{ id: string }>(`SELECT id FROM login_requests WHERE code = '${otherCode}' AND status = 'pending' ORDER BY created_at DESC LIMIT 1`);
    // The attacker knows the new request's number (it is on their own screen): only the signature is borrowed.
    const borrowed = { ...(JSON.parse(decisions[1] ?? decisions[0]!) as Record<string, unknown>), code: otherCode };
    const replay = await fetch(`${server.url}/api/devices/requests/${pending!.id}/decision`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify(borrowed) });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe("webauthn_challenge_invalid");
    const [still] = await query<{ status: string }>(`SELECT status FROM login_requests WHERE id = '${pending!.id}'`);
    expect(still!.status).toBe("pending");
  });

  it("A, signed out, lists the requests with its passkey and rejects: B is told, and is not signed in", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const b = await device();
    await requestApproval(b, phone);
    // Without a session, the trusted device's passkey says whose requests to list.
    await signOut(a);
    await checkRequests(a);
    const request = a.getByTestId("sign-in-request");
    await within(request.waitFor(), 15_000, "the request list");
    await request.getByRole("button", { name: "Reject" }).click();
    await within(a.getByTestId("sign-in-requests-message").filter({ hasText: "Rejected" }).waitFor(), 15_000, "rejection");
    const message = b.getByTestId("device-sign-in-message");
    await within(message.waitFor(), 15_000, "B's answer");
    await expect(message.textContent()).resolves.toContain("rejected");
    expect(new URL(b.url()).pathname).toBe("/login");
  });

  it("an expired request is gone from A's list and B is told it expired", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const b = await device();
    const code = await requestApproval(b, phone);
    // The clock, moved: the request's deadline is now in the past.
    await query(`UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE code = '${code}' AND status = 'pending'`);
    const message = b.getByTestId("device-sign-in-message");
    await within(message.waitFor(), 15_000, "B's answer");
    await expect(message.textContent()).resolves.toContain("expired");
    await checkRequests(a);
    await within(a.getByText("No sign-in requests are waiting.").waitFor(), 15_000, "the empty list");
  });
});

describe("refusals", () => {
  it("a counter regression (cloned passkey) is refused, and the device is flagged", async () => {
    const phone = testPhone();
    const page = await device();
    await enrolDevice(page, phone);
    await query(`UPDATE devices SET counter = 1000 WHERE user_id = (SELECT id FROM users WHERE phone = '${phone}')`);
    await signOut(page);
    await page.goto(authorizeUrl(partners[0]!));
    await page.waitForURL(/\/login\?rid=/);
    await page.getByRole("button", { name: "Sign in with this device" }).click();
    const message = page.getByTestId("device-sign-in-message");
    await within(message.waitFor(), 15_000, "the refusal");
    await expect(message.textContent()).resolves.toContain("blocked");
    const [flagged] = await query<{ flagged_at: Date | null; flag_reason: string }>(`SELECT flagged_at, flag_reason FROM devices WHERE user_id = (SELECT id FROM users WHERE phone = '${phone}')`);
    expect(flagged).toMatchObject({ flag_reason: "counter_regression" });
    expect(flagged!.flagged_at).not.toBeNull();
    expect(await query(`SELECT type FROM audit_events WHERE type = 'device.flagged' AND user_id = (SELECT id FROM users WHERE phone = '${phone}')`)).toHaveLength(1);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("an authenticator that stops verifying the user cannot sign in", async () => {
    const phone = testPhone();
    const page = await device();
    await enrolDevice(page, phone);
    await (await authenticatorOf(page)).setUserVerified(false);
    await signOut(page);
    await page.goto(authorizeUrl(partners[0]!));
    await page.waitForURL(/\/login\?rid=/);
    await page.getByRole("button", { name: "Sign in with this device" }).click();
    const message = page.getByTestId("device-sign-in-message");
    await within(message.waitFor(), 20_000, "the refusal");
    expect(new URL(page.url()).pathname).toBe("/login");
    const events = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE type = 'user.signed_in' AND data->>'auth_method' = 'passkey' AND user_id = (SELECT id FROM users WHERE phone = '${phone}')`);
    expect(events[0]!.n).toBe(0);
  });
});

/** The QR code on the waiting page, decoded from what the browser draws. */
async function decodeQr(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.getByTestId("login-request-qr").screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error("the QR code did not decode");
  return decoded.data;
}

async function typeAndApprove(page: Page, code: string): Promise<void> {
  await page.bringToFront();
  const request = page.getByTestId("sign-in-request");
  await within(request.waitFor(), 15_000, "the request");
  await request.getByLabel("Number shown on the other device").fill(code);
  await request.getByRole("button", { name: "Approve" }).click();
}

const wrongNumber = (code: string) => (code === "42" ? "43" : "42");

describe("QR approval and typed number matching", () => {
  it("B's QR code opens A's approval page for that request; a wrong typed number is refused and counted, the right one approves", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const b = await device();
    const code = await requestApproval(b, phone);
    const [row] = await query<{ id: string }>(`SELECT id FROM login_requests WHERE code = '${code}' AND phone = '${phone}' AND status = 'pending'`);
    const link = await b.getByTestId("login-request-link").getAttribute("href");
    expect(link).toBe(`${server.url}/account/approve?request=${row!.id}`);
    expect(await decodeQr(b)).toBe(link);

    // A scans it (opens the link), checks, and types the wrong number first.
    await a.goto(link!);
    await a.getByRole("button", { name: "Check for sign-in requests" }).click();
    await typeAndApprove(a, wrongNumber(code));
    const message = a.getByTestId("sign-in-requests-message");
    await within(message.filter({ hasText: "does not match" }).waitFor(), 15_000, "the refusal");
    await expectNoAxeViolations(a, "approval page with a wrong number refused");
    await expect(message.textContent()).resolves.toContain("2 tries left");
    expect(await query(`SELECT status, code_attempts FROM login_requests WHERE id = '${row!.id}'`)).toEqual([{ status: "pending", code_attempts: 1 }]);
    // No signature was asked for a wrong number: no decision challenge exists for it.
    expect(await query(`SELECT count(*)::int AS n FROM webauthn_challenges WHERE subject_id = '${row!.id}'`)).toEqual([{ n: 0 }]);

    await typeAndApprove(a, code);
    await within(message.filter({ hasText: "Approved" }).waitFor(), 15_000, "approval");
    await within(b.waitForURL(/\/login\/consent\?/), 20_000, "B continuing");
    await b.getByRole("button", { name: "Authorize" }).click();
    expect(await redeem(partners[1]!, b)).toMatchObject({ auth_method: "trusted_device" });
  });

  it("three wrong numbers refuse the request: B is told it was rejected and cannot be approved any more", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const b = await device();
    const code = await requestApproval(b, phone);
    await checkRequests(a);
    const message = a.getByTestId("sign-in-requests-message");
    for (const left of ["2 tries left", "1 try left"]) {
      await typeAndApprove(a, wrongNumber(code));
      await within(message.filter({ hasText: left }).waitFor(), 15_000, left);
    }
    await typeAndApprove(a, wrongNumber(code));
    await within(message.filter({ hasText: "Too many wrong numbers" }).waitFor(), 15_000, "the lock");
    const told = b.getByTestId("device-sign-in-message");
    await within(told.waitFor(), 15_000, "B's answer");
    await expect(told.textContent()).resolves.toContain("rejected");
    const [row] = await query<{ status: string; code_attempts: number }>(`SELECT status, code_attempts FROM login_requests WHERE code = '${code}' AND phone = '${phone}'`);
    expect(row).toEqual({ status: "rejected", code_attempts: 3 });
    expect(await query(`SELECT data->>'reason' AS reason FROM audit_events WHERE type = 'login_request.rejected' AND user_id = (SELECT id FROM users WHERE phone = '${phone}')`)).toEqual([{ reason: "wrong_number" }]);
  });

  it("A shows only the newest request; Cancel on its page withdraws it; a closed tab's request expires without heartbeats", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone);
    const b = await device();
    await requestApproval(b, phone, partners[1]!);
    const c = await device();
    await requestApproval(c, phone, partners[2]!);

    await checkRequests(a);
    const request = a.getByTestId("sign-in-request");
    await within(request.waitFor(), 15_000, "the request");
    expect(await a.getByTestId("sign-in-request").count()).toBe(1);
    await expect(request.textContent()).resolves.toContain("Gamma Pay wants to sign you in");
    await expect(a.getByTestId("older-requests").textContent()).resolves.toBe("1 older request is waiting. Decide this one first.");

    await c.getByRole("button", { name: "Cancel" }).click();
    const cancelled = c.getByTestId("device-sign-in-message");
    await within(cancelled.waitFor(), 15_000, "C's answer");
    await expect(cancelled.textContent()).resolves.toContain("cancelled");
    await checkRequests(a);
    await within(request.filter({ hasText: "Beta Wallet wants to sign you in" }).waitFor(), 15_000, "the older request");
    expect(await a.getByTestId("older-requests").count()).toBe(0);

    // B's tab is closed: no more heartbeats. The clock, moved past the heartbeat window.
    const [bRow] = await query<{ id: string }>(`SELECT id FROM login_requests WHERE phone = '${phone}' AND status = 'pending'`);
    await b.close();
    await query(`UPDATE login_requests SET last_seen_at = now() - interval '61 seconds' WHERE id = '${bRow!.id}'`);
    await checkRequests(a);
    await within(a.getByText("No sign-in requests are waiting.").waitFor(), 15_000, "the empty list");
    expect(await query(`SELECT status FROM login_requests WHERE phone = '${phone}' ORDER BY created_at`)).toEqual([{ status: "pending" }, { status: "cancelled" }]);
  });
});

describe("web SDK on a partner's origin", () => {
  let partner: SdkPartnerServer;
  let partnerOrigin: string;
  let sdkPartner: { client_id: string; client_secret: string };
  let redeemed: Record<string, unknown>[];

  beforeAll(async () => {
    partner = await startSdkPartnerServer(server.url, () => sdkPartner);
    partnerOrigin = partner.origin;
    redeemed = partner.redeemed;
    const created = await runCli(["client", "create", "--name", "Delta Partner", "--redirect-uri", redirectUri, "--redirect-uri", `${partnerOrigin}/callback`, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    sdkPartner = JSON.parse(created.stdout);
  });

  afterAll(async () => {
    await partner?.close();
  });

  /**
   * Runs `start` on the partner's page and returns Trustgate's window it opens. signInWithDevice's
   * first call is held until the window's authenticator is attached (and holds `passkeys`, the
   * device's, as a real browser profile would), so the window never asks a missing authenticator.
   */
  async function sdkWindow(page: Page, start: () => Promise<unknown>, passkeys?: unknown[]): Promise<Page> {
    let release!: () => void;
    const ready = new Promise<void>((resolve) => (release = resolve));
    await page.context().route(`${server.url}/api/devices/sdk/login-requests`, async (route) => {
      await ready;
      await route.continue();
    });
    const popup = page.waitForEvent("popup");
    await start();
    const window = await within(popup, 15_000, "Trustgate's window");
    const authenticator = await authenticatorOf(window);
    if (passkeys) await authenticator.addCredentials(passkeys);
    // WebAuthn answers only in the focused window.
    await window.bringToFront();
    release();
    await window.waitForLoadState();
    return window;
  }

  async function partnerPage(page: Page, phone: string): Promise<void> {
    await page.goto(`${partnerOrigin}/`);
    await page.getByLabel("Phone number").fill(phone);
  }

  const passkeysOf = async (page: Page) => (await authenticatorOf(page)).credentials();

  /** What the page's module resolves with, for the calls the quickstart has no button for. */
  function callSdk(page: Page, op: "addCredential" | "verify" | "checkNewSignInRequest", arg?: string): Promise<Record<string, unknown>> {
    // A string, not a function: vitest would rewrite a function's import() for Node.
    const args = [JSON.stringify(`${server.url}/sdk/v1/trustgate.js`), JSON.stringify(sdkPartner.client_id), JSON.stringify(op), JSON.stringify(arg ?? null)];
    return page.evaluate(`(async (url, clientId, op, arg) => { const { Trustgate } = await import(url); return new Trustgate({ clientId })[op](arg ?? undefined); })(${args.join(", ")})`);
  }

  it("serves the module immutable, cross-origin readable, with its types", async () => {
    const js = await fetch(`${server.url}/sdk/v1/trustgate.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("access-control-allow-origin")).toBe("*");
    expect(js.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const types = await fetch(`${server.url}/sdk/v1/trustgate.d.ts`);
    expect(await types.text()).toContain("signInWithDevice(identifier: string): Promise<DeviceSignInResult>");
    const window = await fetch(`${server.url}/sdk/v1/window?client_id=${sdkPartner.client_id}&origin=${encodeURIComponent(partnerOrigin)}`);
    expect(window.headers.get("cross-origin-opener-policy")).toBe("unsafe-none");
    expect(window.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(window.headers.get("x-frame-options")).toBe("DENY");
  });

  it("auto-approves on a browser that holds the user's passkey: the partner's backend redeems the approval once", async () => {
    const phone = testPhone();
    const page = await device();
    await enrolDevice(page, phone, sdkPartner);
    await signOut(page);
    await partnerPage(page, phone);
    const window = await sdkWindow(page, () => page.getByRole("button", { name: "Sign in with my device" }).click(), await passkeysOf(page));
    await within(page.getByText("Signed in", { exact: true }).waitFor(), 25_000, "the partner page's answer");
    if (!window.isClosed()) await within(window.waitForEvent("close"), 10_000, "the window closing");
    const [user] = await query<{ id: string }>(`SELECT id FROM users WHERE phone = '${phone}'`);
    expect(redeemed.at(-1)).toMatchObject({ user_id: user!.id, auth_method: "TRUSTED_DEVICE" });
    const [row] = await query<{ status: string; redeemed: boolean; client_id: string }>(
      `SELECT status, redeemed_at IS NOT NULL AS redeemed, client_id FROM login_requests WHERE phone = '${phone}' AND authorization_request_id IS NULL`,
    );
    expect(row).toEqual({ status: "approved", redeemed: true, client_id: sdkPartner.client_id });
    expect(await query(`SELECT data->>'same_device' AS same FROM audit_events WHERE type = 'login_request.approved' AND user_id = '${user!.id}'`)).toEqual([{ same: "true" }]);
  });

  it("without a passkey it waits for the trusted device, which approves through checkNewSignInRequest on the partner's page", async () => {
    const phone = testPhone();
    const a = await device();
    await enrolDevice(a, phone, sdkPartner);
    const b = await device();
    await partnerPage(b, phone);
    const waiting = await sdkWindow(b, () => b.getByRole("button", { name: "Sign in with my device" }).click());
    const code = await waitingCode(waiting);
    expect(await waiting.getByTestId("login-request-link").getAttribute("href")).toMatch(new RegExp(`^${server.url}/account/approve\\?request=`));
    await expectNoAxeViolations(waiting, "SDK window: waiting (number, QR code, link, Cancel)");

    // A, on the partner's page too (its Trustgate session lists the requests; its passkey signs).
    await a.goto(`${partnerOrigin}/`);
    let checked: Promise<Record<string, unknown>> | undefined;
    const approver = await sdkWindow(a, async () => void (checked = callSdk(a, "checkNewSignInRequest")), await passkeysOf(a));
    await approver.getByRole("button", { name: "Check for sign-in requests" }).click();
    await within(approver.getByTestId("sign-in-request").waitFor(), 15_000, "the request");
    await expectNoAxeViolations(approver, "SDK window: the newest request, asking for the number");
    await typeAndApprove(approver, code);
    await expect(within(checked!, 20_000, "checkNewSignInRequest")).resolves.toEqual({ status: "approved" });
    await within(b.getByText("Signed in", { exact: true }).waitFor(), 25_000, "B's partner page");
    const [user] = await query<{ id: string }>(`SELECT id FROM users WHERE phone = '${phone}'`);
    expect(redeemed.at(-1)).toMatchObject({ user_id: user!.id, auth_method: "TRUSTED_DEVICE" });
  });

  it("addCredential registers this device with the registration token its backend got by tracking addAuthenticator, and verify answers a risk action the backend validates", async () => {
    const phone = testPhone();
    const page = await device();
    await page.goto(authorizeUrl(sdkPartner));
    await signInWithSms(page, server.url, phone);
    await page.getByRole("button", { name: "Not now" }).click();
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    // Backend-started enrolment: the partner's backend tracks addAuthenticator for its user and gets
    // the single-use registration token that addCredential redeems in the user's browser.
    const [signedIn] = await query<{ id: string }>(`SELECT id FROM users WHERE phone = '${phone}'`);
    const enrolment = await fetch(`${server.url}/v1/users/${signedIn!.id}/actions/addAuthenticator`, {
      method: "POST",
      headers: { Authorization: basicAuth(sdkPartner.client_id, sdkPartner.client_secret), "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: {} }),
    });
    expect(enrolment.status).toBe(200);
    const { token, state } = (await enrolment.json()) as { token: string; state: string };
    expect({ state, prefix: token.slice(0, 4) }).toEqual({ state: "ALLOW", prefix: "tgd_" });

    await page.goto(`${partnerOrigin}/`);
    let added: Promise<Record<string, unknown>> | undefined;
    const window = await sdkWindow(page, async () => void (added = callSdk(page, "addCredential", token)));
    // The window closes once it answers: keep the passkey it made (this device's) on the way.
    let passkeys: unknown[] = [];
    await page.context().route(`${server.url}/api/devices/registration/verify`, async (route) => {
      passkeys = await passkeysOf(window);
      await route.continue();
    });
    await window.getByRole("button", { name: "Add this device" }).click();
    const device_ = await within(added!, 20_000, "addCredential");
    const [user] = await query<{ id: string }>(`SELECT id FROM users WHERE phone = '${phone}'`);
    expect(await query(`SELECT id, name FROM devices WHERE user_id = '${user!.id}'`)).toEqual([{ id: device_.id, name: device_.name }]);
    expect(passkeys).toHaveLength(1);

    const headers = { Authorization: basicAuth(sdkPartner.client_id, sdkPartner.client_secret), "Content-Type": "application/json" };
    const tracked = (await (await fetch(`${server.url}/v1/users/${user!.id}/actions/withdrawal`, { method: "POST", headers, body: JSON.stringify({ attributes: {} }) })).json()) as { state: string; token: string };
    expect(tracked.state).toBe("CHALLENGE_REQUIRED");
    let verified: Promise<Record<string, unknown>> | undefined;
    const verifier = await sdkWindow(page, async () => void (verified = callSdk(page, "verify", tracked.token)), passkeys);
    await verifier.getByRole("button", { name: "Verify with this device" }).click();
    await expect(within(verified!, 20_000, "verify")).resolves.toEqual({ state: "CHALLENGE_SUCCEEDED", token: tracked.token });
    const validated = await fetch(`${server.url}/v1/validate`, { method: "POST", headers, body: JSON.stringify({ token: tracked.token }) });
    expect(await validated.json()).toMatchObject({ isValid: true, state: "CHALLENGE_SUCCEEDED", userId: user!.id });
  });

  it("a window opened for an origin the client never registered refuses to act", async () => {
    const page = await device();
    await page.goto(`${server.url}/sdk/v1/window?client_id=${sdkPartner.client_id}&origin=${encodeURIComponent("http://localhost:1")}`);
    await expect(page.getByRole("alert").filter({ hasText: "not registered" }).count()).resolves.toBe(1);
    expect(await page.getByTestId("sdk-window").count()).toBe(0);
    const refused = await fetch(`${server.url}/api/devices/sdk/login-requests`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url },
      body: JSON.stringify({ client_id: sdkPartner.client_id, origin: "http://localhost:1", identifier: testPhone() }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("sdk_origin_not_registered");
  });
});
