// A tour of the hosted pages, as a person meets them, shared by the axe-core e2e test and the
// Lighthouse budgets (scripts/budgets.ts). Each stop drives the browser to one page and hands it
// to `visit` (which checks or measures it) before the tour goes on.
// To cover a new hosted page add a stop to HOSTED_PAGE_TOURS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { translatorFor } from "@/lib/i18n/catalog";
import type { MessageKey, Values } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import { serverDatabase } from "./admin-dashboard";
import { authenticatorOf, within } from "./browser";
import { basicAuth, validIntent } from "./fixtures";
import { latestCode, testPhone } from "./hosted-login";
import { solidPng } from "./images";
import { runCli } from "./server";

export interface TourContext {
  baseUrl: string;
  partner: { client_id: string; client_secret: string };
  redirectUri: string;
  /** The server's data directory, for the operator CLI (statuses are set by operators). */
  dataDir: string;
  /** The language the tour asks for (ui_locales on every authorize request); English when absent. */
  locale?: Locale;
  /** How a second browser profile the tour opens (another device) is set up: the tour's language, colour scheme. */
  contextOptions?: BrowserContextOptions;
}

/** The tours' partner accent: a teal that passes AA on the light page (the dark theme swaps in its own). */
export const TOUR_ACCENT = "#0f766e";

/**
 * Brands the tours' partner as a real one would (CLI): display name, a PNG logo, an accent colour,
 * privacy policy and terms links — so every page is checked and measured with partner branding
 * (its colours in light and dark mode, the logo image, the consent page's links).
 */
export async function brandTourPartner(ctx: Pick<TourContext, "partner" | "dataDir">, displayName = "Acme Bank"): Promise<void> {
  const logo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tour-logo-")), "logo.png");
  fs.writeFileSync(logo, solidPng(96, 32, [15, 118, 110]));
  const args = ["client", "update", ctx.partner.client_id, "--display-name", displayName, "--logo", logo, "--accent", TOUR_ACCENT, "--policy-uri", "https://acme.example/privacy", "--tos-uri", "https://acme.example/terms"];
  const updated = await runCli(args, { TRUSTGATE_DATA_DIR: ctx.dataDir });
  fs.rmSync(path.dirname(logo), { recursive: true, force: true });
  if (updated.code !== 0) throw new Error(`client update (branding): ${updated.stderr}`);
}

/** A text of the hosted pages in the tour's language: the tours find controls by their names. */
export function say(ctx: Pick<TourContext, "locale">, key: MessageKey, values?: Values): string {
  return translatorFor(ctx.locale ?? "en")(key, values);
}

export interface HostedPageStop {
  /** Short name used in reports: phone, code, consent, verify personal, device approval, … */
  name: string;
  /** Path pattern of the page (for reports). */
  path: string;
  /** The page is answered with this HTTP error status (Lighthouse refuses to audit those). */
  errorStatus?: number;
  /**
   * A state the page reaches by interaction (a waiting screen, a list fetched with a passkey, errors
   * returned by a form), which loading its URL again does not show: axe checks it as it is,
   * Lighthouse (which loads the URL in a new tab) cannot measure it.
   */
  state?: string;
}

export type Visit = (stop: HostedPageStop, page: Page) => Promise<void>;

export function authorizeUrl(ctx: TourContext, extra: Record<string, string> = {}): string {
  const url = new URL(`${ctx.baseUrl}/login/oauth/authorize`);
  const query = { client_id: ctx.partner.client_id, redirect_uri: ctx.redirectUri, response_type: "code", scope: "openid phone", state: "budget-1", ...(ctx.locale ? { ui_locales: ctx.locale } : {}), ...extra };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

async function enterCode(page: Page, ctx: TourContext, phone: string): Promise<void> {
  await page.getByLabel(say(ctx, "common.verificationCode")).fill(await latestCode(ctx.baseUrl, phone));
  await page.getByRole("button", { name: say(ctx, "common.continue") }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login/code"));
}

/** Phone → code → consent for a new user of a partner. */
async function signInTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  const phone = testPhone();
  await page.goto(authorizeUrl(ctx));
  await page.waitForURL(/\/login\?rid=/);
  await visit({ name: "phone", path: "/login?rid=…" }, page);
  await page.getByLabel(say(ctx, "phone.label")).fill(phone);
  await page.getByRole("button", { name: say(ctx, "phone.send") }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await visit({ name: "code", path: "/login/code?rid=…" }, page);
  await enterCode(page, ctx, phone);
  await page.waitForURL(/\/login\/consent\?rid=/);
  await visit({ name: "consent", path: "/login/consent?rid=…" }, page);
}

/** A partner's UserIntent for a new phone, set to `status` by an operator, then its authorize URL → phone (read-only) → SMS code. */
async function signInWithIntent(page: Page, ctx: TourContext, status: "pending" | "rejected" | "retry" | "document", type: "personal" | "business" = "personal"): Promise<void> {
  const phone = testPhone();
  const response = await fetch(`${ctx.baseUrl}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(ctx.partner.client_id, ctx.partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone, type })),
  });
  if (response.status !== 201) throw new Error(`user intent: ${response.status} ${await response.text()}`);
  const intent = (await response.json()) as { id: string };
  if (status !== "pending") {
    const set = await runCli(["intent", "set-status", intent.id, status, "--reason", "page tour"], { TRUSTGATE_DATA_DIR: ctx.dataDir });
    if (set.code !== 0) throw new Error(`intent set-status: ${set.stderr}`);
  }
  await page.goto(authorizeUrl(ctx, { user_intent_id: intent.id, phone, phone_read_only: "true" }));
  await page.waitForURL(/\/login\?rid=/);
  await page.getByRole("button", { name: say(ctx, "phone.send") }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await enterCode(page, ctx, phone);
}

/** A partner's UserIntent with `status`: pending → consent with a review notice; rejected → the status page. */
async function intentTour(status: "pending" | "rejected", page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await signInWithIntent(page, ctx, status);
  if (status === "pending") {
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("status").waitFor();
    await visit({ name: "consent (under review)", path: "/login/consent?rid=…" }, page);
  } else {
    await page.waitForURL(/\/login\/status\?rid=/);
    await visit({ name: "status", path: "/login/status?rid=…" }, page);
  }
}

/** A `retry` user is sent to /verify/personal; a form with mistakes shows its error summary and inline errors. */
async function verifyPersonalTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await signInWithIntent(page, ctx, "retry");
  await page.waitForURL(/\/verify\/personal\?rid=/);
  await visit({ name: "verify personal", path: "/verify/personal?rid=…" }, page);
  const values = { first_name: "Ada", last_name: "Lovelace", date_of_birth: "2015-01-01", ssn: "000-00-0000", address1: "1 Market St", city: "", state: "CA", postal_code: "94105" };
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`[name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByRole("button", { name: say(ctx, "verify.submit") }).click();
  await page.locator("#error-summary").waitFor();
  await visit({ name: "verify personal (errors)", path: "/verify/personal?rid=…", state: "the errors a submitted form returned" }, page);
}

/** A `retry` user of a business intent is sent to /verify/business. */
async function verifyBusinessTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await signInWithIntent(page, ctx, "retry", "business");
  await page.waitForURL(/\/verify\/business\?rid=/);
  await visit({ name: "verify business", path: "/verify/business?rid=…" }, page);
}

/** A `document` user is sent to /verify/document; a file that is not an image or PDF is refused inline. */
async function verifyDocumentTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await signInWithIntent(page, ctx, "document");
  await page.waitForURL(/\/verify\/document\?rid=/);
  await visit({ name: "verify document", path: "/verify/document?rid=…" }, page);
  await page.setInputFiles('[name="front"]', { name: "id.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
  await page.setInputFiles('[name="back"]', { name: "back.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await page.getByRole("button", { name: say(ctx, "verify.upload") }).click();
  // The page's script reports the refusal in place (the chosen files stay chosen).
  await page.locator("#f-front-error").waitFor();
  await visit({ name: "verify document (file refused)", path: "/verify/document?rid=…", state: "the errors a submitted upload returned, files kept" }, page);
}

/** Phone → SMS code → consent → Authorize; the partner redeems the code and learns the user's id (the ID token's sub). */
export async function signUpAndConsent(page: Page, ctx: TourContext, phone: string, options: { addThisDevice?: boolean } = {}): Promise<string> {
  await page.goto(authorizeUrl(ctx));
  await page.waitForURL(/\/login\?rid=/);
  await page.getByLabel(say(ctx, "phone.label")).fill(phone);
  await page.getByRole("button", { name: say(ctx, "phone.send") }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await enterCode(page, ctx, phone);
  await page.waitForURL(/\/login\/consent\?rid=/);
  if (options.addThisDevice) {
    await within(page.getByRole("button", { name: say(ctx, "device.add") }).click(), 10_000, "Add this device");
    await within(page.getByRole("heading", { name: say(ctx, "device.offerTitle") }).waitFor({ state: "detached" }), 20_000, "passkey registration");
  }
  await page.getByRole("button", { name: say(ctx, "consent.authorize"), exact: true }).click();
  await page.waitForURL(/\/demo\/callback\?/);
  const code = new URL(page.url()).searchParams.get("code");
  const response = await fetch(`${ctx.baseUrl}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: basicAuth(ctx.partner.client_id, ctx.partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: code ?? "", redirect_uri: ctx.redirectUri }),
  });
  if (response.status !== 200) throw new Error(`code exchange: ${response.status} ${await response.text()}`);
  const { id_token: idToken } = (await response.json()) as { id_token: string };
  return (JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString("utf8")) as { sub: string }).sub;
}

/** The partner tracks a risk action with no rules (the default is CHALLENGE): the hosted challenge's URL. */
export async function challengeUrl(ctx: TourContext, userId: string): Promise<string> {
  const response = await fetch(`${ctx.baseUrl}/v1/users/${userId}/actions/withdrawal`, {
    method: "POST",
    headers: { Authorization: basicAuth(ctx.partner.client_id, ctx.partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify({ attributes: { redirectUrl: ctx.redirectUri } }),
  });
  const tracked = (await response.json()) as { state?: string; url?: string | null };
  if (tracked.state !== "CHALLENGE_REQUIRED" || !tracked.url) throw new Error(`track action: ${response.status} ${JSON.stringify(tracked)}`);
  return tracked.url;
}

/** A signed-in user's /account/security: the offer to add an authenticator app, then its QR code and key. */
async function accountSecurityTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await signUpAndConsent(page, ctx, testPhone());
  await page.goto(`${ctx.baseUrl}/account/security`);
  await page.getByRole("button", { name: say(ctx, "security.add") }).waitFor();
  await visit({ name: "account security", path: "/account/security" }, page);
  await page.getByRole("button", { name: say(ctx, "security.add") }).click();
  await page.getByTestId("totp-qr").waitFor();
  await visit({ name: "account security (adding an app)", path: "/account/security" }, page);
}

/**
 * Trusted devices, with a CDP virtual authenticator on each device's page: device A signs up by SMS
 * and adds itself; device B (another browser profile) asks to sign in and waits showing a number;
 * A's /account/approve lists the request and approves it with A's passkey. Then A's
 * /account/approve and /account/devices, and a risk action's challenge for A's user. Every passkey
 * step comes first: a Lighthouse run in the same browser ends the virtual authenticators.
 */
async function trustedDeviceTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await authenticatorOf(page);
  const phone = testPhone();
  const userId = await signUpAndConsent(page, ctx, phone, { addThisDevice: true });

  const browser = page.context().browser();
  if (!browser) throw new Error("the tour needs the page's browser to open a second device");
  const otherDevice = await browser.newContext(ctx.contextOptions);
  try {
    const waiting = await otherDevice.newPage();
    await authenticatorOf(waiting);
    await waiting.goto(authorizeUrl(ctx));
    await waiting.waitForURL(/\/login\?rid=/);
    await waiting.getByLabel(say(ctx, "phone.label")).fill(phone);
    await waiting.getByRole("button", { name: say(ctx, "device.approveOnOther") }).click();
    const number = waiting.getByTestId("login-request-code");
    await within(number.waitFor(), 15_000, "the waiting screen");
    await waiting.getByTestId("login-request-qr").waitFor();
    await visit({ name: "device approval: waiting", path: "/login?rid=…", state: "the number, QR code, link and Cancel the new device shows while it waits" }, waiting);

    // WebAuthn answers only in the focused tab.
    await page.bringToFront();
    await page.goto(`${ctx.baseUrl}/account/approve`);
    await page.getByRole("button", { name: say(ctx, "device.checkRequests") }).click();
    const request = page.getByTestId("sign-in-request");
    await within(request.waitFor(), 15_000, "the request list");
    await visit({ name: "device approval: request", path: "/account/approve", state: "the newest request, asking for the waiting device's number" }, page);
    // Typed number matching: the user types the number the waiting device shows.
    await request.getByLabel(say(ctx, "device.typedLabel")).fill(((await number.textContent()) ?? "").trim());
    await request.getByRole("button", { name: say(ctx, "device.approve"), exact: true }).click();
    const decided = page.getByTestId("sign-in-requests-message");
    await within(decided.waitFor(), 15_000, "the approval");
    const answer = (await decided.textContent()) ?? "";
    if (!answer.startsWith(say(ctx, "device.approved", { clientName: "\u0000" }).split("\u0000")[0]!)) throw new Error(`the trusted device could not approve: ${answer}`);
    // The user already consented to this partner: the new device goes on to the partner's code.
    await within(waiting.waitForURL(/\/demo\/callback\?code=/), 20_000, "the waiting device continuing");
  } finally {
    await otherDevice.close();
  }

  await page.goto(`${ctx.baseUrl}/account/approve`);
  await page.getByRole("button", { name: say(ctx, "device.checkRequests") }).waitFor();
  await visit({ name: "device approval", path: "/account/approve" }, page);

  await page.goto(`${ctx.baseUrl}/account/devices`);
  await page.getByTestId("device-name").waitFor();
  await visit({ name: "account devices", path: "/account/devices" }, page);

  await page.goto(await challengeUrl(ctx, userId));
  await page.getByRole("button", { name: say(ctx, "challenge.verifyWithDevice") }).waitFor();
  await visit({ name: "challenge", path: "/challenge/{id}?token=…" }, page);
}

/** A risk action for a user without a trusted device, in a browser that is not signed in: the SMS sign-in first. */
async function challengeWithoutDeviceTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  const phone = testPhone();
  const userId = await signUpAndConsent(page, ctx, phone);
  // Past the 30 s SMS resend cooldown of the sign-up's code, as if half a minute had gone by.
  const database = await serverDatabase(ctx.dataDir);
  try {
    await database.query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]);
  } finally {
    await database.end();
  }
  await page.context().clearCookies();
  await page.goto(await challengeUrl(ctx, userId));
  await page.getByRole("button", { name: say(ctx, "challengePage.textMeCode") }).waitFor();
  await visit({ name: "challenge (no trusted device)", path: "/challenge/{id}?token=…" }, page);
  await page.getByRole("button", { name: say(ctx, "challengePage.textMeCode") }).click();
  await page.waitForURL(/sms=sent/);
  await visit({ name: "challenge (code sent)", path: "/challenge/{id}?token=…&sms=sent" }, page);
}

/** A new admin (created with the CLI) signs in: email and password, then the authenticator set-up. */
async function adminSignInTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  const email = `tour-${process.pid}-${Date.now()}@example.com`;
  const password = "correct horse battery staple";
  const created = await runCli(["admin", "create", "--email", email, "--password", password], { TRUSTGATE_DATA_DIR: ctx.dataDir });
  if (created.code !== 0) throw new Error(`admin create: ${created.stderr}`);
  await page.goto(`${ctx.baseUrl}/admin/login`);
  await visit({ name: "admin sign-in", path: "/admin/login" }, page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(/\/admin\/login\/totp$/);
  await page.getByTestId("totp-secret").waitFor();
  await visit({ name: "admin sign-in (authenticator set-up)", path: "/admin/login/totp" }, page);
}

/** An authorize request the server must refuse without redirecting: its error page. */
async function errorTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await page.goto(authorizeUrl(ctx, { client_id: "no-such-client" }));
  await visit({ name: "error", path: "/login/oauth/authorize (unknown client)", errorStatus: 400 }, page);
}

/** Every tour, in order. Each runs in a fresh browser context (its own session). */
export const HOSTED_PAGE_TOURS: { name: string; run: (page: Page, ctx: TourContext, visit: Visit) => Promise<void> }[] = [
  { name: "sign-in", run: signInTour },
  { name: "pending user intent", run: (page, ctx, visit) => intentTour("pending", page, ctx, visit) },
  { name: "rejected user intent", run: (page, ctx, visit) => intentTour("rejected", page, ctx, visit) },
  { name: "authorize error", run: errorTour },
  { name: "verify personal", run: verifyPersonalTour },
  { name: "verify business", run: verifyBusinessTour },
  { name: "verify document", run: verifyDocumentTour },
  { name: "account security", run: accountSecurityTour },
  { name: "trusted device", run: trustedDeviceTour },
  { name: "challenge without a trusted device", run: challengeWithoutDeviceTour },
  { name: "admin sign-in", run: adminSignInTour },
];
