// A person adds an authenticator app to their Trustgate sign-in, then signs in with SMS + the app's
// code, and with SMS + a recovery code (which then no longer works).
import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECOND_FACTOR_TICKET_TTL_S } from "@/lib/config/limits";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { latestCode, signInWithSms, testPhone } from "../support/hosted-login";
import { sharedServerAndBrowser, type SharedServer } from "../support/shared-server";

let server: SharedServer;
let browser: Browser;

beforeAll(async () => {
  // One server and one Chromium for the whole e2e-shared project (tests/support/shared-server.ts).
  [server, browser] = await sharedServerAndBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A query through the server's socket (the embedded database has one owner). */
async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ host: server.dataDir, user: "postgres", database: "postgres" });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Instead of waiting out the 30-second SMS resend cooldown, age the phone's codes (through the server's socket). */
async function passSmsCooldown(phone: string): Promise<void> {
  await query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
}

/** A fresh browser (no session) from the demo partner's link up to the second-factor step; `seen` collects every URL and answer body. */
async function smsStepInNewBrowser(phone: string): Promise<{ page: Page; problems: string[]; seen: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const seen: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => seen.push(request.url()));
  page.on("response", (response) => {
    // A redirect: Location, or (a server action's answer to the page's script) x-action-redirect.
    for (const header of ["location", "x-action-redirect"]) {
      const value = response.headers()[header];
      if (value) seen.push(value);
    }
    if (response.request().resourceType() !== "fetch") return;
    seen.push(response.url());
    response.text().then(
      (body) => seen.push(body),
      () => {},
    );
  });
  await passSmsCooldown(phone);
  await page.goto(`${server.url}/`);
  await page.getByRole("link", { name: "Try the hosted login" }).click();
  await page.waitForURL(/\/login\?rid=/);
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Authenticator code").waitFor();
  return { page, problems, seen };
}

// The one ticket cookie (lib/sign-in/second-factor-cookie.ts): `__Host-`-prefixed behind HTTPS; this server is plain http.
const TICKET_COOKIE = "tg_second_factor";

/** The ticket cookie a browser context holds (undefined once the step is over). */
async function ticketCookie(page: Page) {
  return (await page.context().cookies(server.url)).find((cookie) => cookie.name === TICKET_COOKIE);
}

/**
 * Another browser posts the authenticator step of the request `stepUrl` belongs to — with the ticket
 * smuggled into the form as a field when given — using a right recovery code; the error it meets.
 */
async function postSecondFactorElsewhere(stepUrl: string, phone: string, code: string, options: { ticketInForm?: string; ticketCookie?: string } = {}): Promise<{ page: Page; error: string }> {
  const context = await browser.newContext();
  // The code page needs the phone cookie its own phone step would have set.
  await context.addCookies([
    { name: "tg_login_phone", value: phone, url: `${server.url}/login`, httpOnly: true, sameSite: "Lax" },
    ...(options.ticketCookie ? [{ name: TICKET_COOKIE, value: options.ticketCookie, url: server.url, httpOnly: true, sameSite: "Strict" as const }] : []),
  ]);
  const page = await context.newPage();
  const url = new URL(stepUrl);
  url.searchParams.set("method", "recovery_code");
  url.searchParams.delete("error");
  await page.goto(url.toString());
  if (options.ticketInForm) {
    await page.locator("form:has(#second-factor-code)").evaluate((form, ticket) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "ticket";
      input.value = ticket;
      form.appendChild(input);
    }, options.ticketInForm);
  }
  await page.getByLabel("Recovery code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(/error=second_factor_/);
  return { page, error: new URL(page.url()).searchParams.get("error")! };
}

async function hasSession(page: Page): Promise<boolean> {
  const response = await page.request.get(`${server.url}/api/auth/session`);
  const body = (await response.json()) as { user?: { id?: string } };
  return Boolean(body.user?.id);
}

describe("authenticator app as a second factor", () => {
  const phone = testPhone();
  let uri = "";
  let recoveryCodes: string[] = [];
  let lastUsedStep = 0;

  /**
   * The app's code for a step the server has not seen used: the current one or the next (one step
   * of skew is allowed; the previous one could expire between here and the server). The server's
   * clock cannot be injected, so when both were spent this waits for the next step.
   */
  async function unusedAppCode(): Promise<string> {
    for (;;) {
      const current = Math.floor(Date.now() / 30_000);
      const step = [current, current + 1].find((candidate) => candidate > lastUsedStep);
      if (step !== undefined) {
        lastUsedStep = step;
        return appCode(uri, step * 30_000 + 15_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it("a signed-in user adds an authenticator app from the QR code and gets 10 recovery codes", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Try the hosted login" }).click();
    await signInWithSms(page, server.url, phone);
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Demo Partner");

    await page.goto(`${server.url}/account/security`);
    await page.getByRole("button", { name: "Add an authenticator app" }).click();
    const qr = page.getByTestId("totp-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("alt")).toBe("QR code for your authenticator app");
    uri = decodeQrDataUrl((await qr.getAttribute("src"))!);
    const manualKey = (await page.getByTestId("totp-manual-key").textContent())!.replace(/\s/g, "");
    expect(new URL(uri).searchParams.get("secret")).toBe(manualKey);
    expect(new URL(uri).searchParams.get("issuer")).toBe("Trustgate");

    await page.getByLabel("Authenticator code").fill(await unusedAppCode());
    await page.getByRole("button", { name: "Turn on" }).click();
    const list = page.getByRole("list", { name: "Recovery codes" });
    await list.waitFor();
    recoveryCodes = (await list.locator("li").allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await page.screenshot({ path: ".tmp/authenticator-recovery-codes.png", fullPage: true });

    await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
    await expect(page.getByTestId("totp-status").textContent()).resolves.toMatch(/Authenticator app: on .* Recovery codes left: 10\./);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("signs in with the SMS code, then the authenticator code — no session in between", async () => {
    const { page, problems } = await smsStepInNewBrowser(phone);
    expect(await hasSession(page)).toBe(false);
    // authenticator-step-own-heading: the app step is not drawn under the SMS heading, and has no SMS controls.
    await expect(page.locator("h1").allTextContents()).resolves.toEqual(["Two-step verification"]);
    expect(await page.getByText(/We texted/).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Send a new code/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: /different phone number/ }).count()).toBe(0);
    await page.screenshot({ path: ".tmp/authenticator-second-step.png", fullPage: true });
    // A 2-digit code is refused on the page and spends none of the ticket's tries.
    await page.getByLabel("Authenticator code").fill("12");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.locator("#second-factor-error").textContent()).resolves.toMatch(/6 digits/);
    const client = new pg.Client({ host: server.dataDir, user: "postgres", database: "postgres" });
    await client.connect();
    try {
      const { rows } = await client.query<{ attempts: number }>("SELECT attempts FROM second_factor_tickets ORDER BY created_at DESC LIMIT 1");
      expect(rows[0]!.attempts).toBe(0);
    } finally {
      await client.end();
    }
    await page.getByLabel("Authenticator code").fill(await unusedAppCode());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/login\/consent\?rid=|\/demo\/callback\?/);
    expect(await hasSession(page)).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the second-factor ticket: one httpOnly cookie of this browser only — never in a URL, answer or page, useless elsewhere, single use, expires", async () => {
    const { page, seen } = await smsStepInNewBrowser(phone);
    const cookie = await ticketCookie(page);
    // Path=/ (what `__Host-` requires behind HTTPS), SameSite=Strict, the ticket's own 5 minutes.
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan((SECOND_FACTOR_TICKET_TTL_S - 60) * 1000);
    expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(SECOND_FACTOR_TICKET_TTL_S * 1000 + 1000);
    // The old no-JavaScript cookie is gone: one cookie for every way the step is reached.
    expect((await page.context().cookies(server.url)).map((c) => c.name)).not.toContain("tg_login_ticket");
    const ticket = cookie!.value;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The code step answered "second factor due", and nothing the browser saw carries the ticket.
    expect(seen.some((entry) => entry.includes("step=second_factor"))).toBe(true);
    expect(seen.filter((entry) => entry.includes(ticket))).toEqual([]);
    expect(await page.content()).not.toContain(ticket);
    const [row] = await query<{ id: string; attempts: number }>("SELECT id, attempts FROM second_factor_tickets ORDER BY created_at DESC LIMIT 1");

    // Another browser with the ticket in its form (and a right recovery code) gets nowhere: the
    // action reads the ticket from its own cookie only, and the ticket loses none of its tries.
    const elsewhere = await postSecondFactorElsewhere(page.url(), phone, recoveryCodes[4]!, { ticketInForm: ticket });
    expect(elsewhere.error).toBe("second_factor_expired");
    expect(await hasSession(elsewhere.page)).toBe(false);
    expect((await query<{ attempts: number }>("SELECT attempts FROM second_factor_tickets WHERE id = $1", [row!.id]))[0]!.attempts).toBe(0);

    // The browser it belongs to signs in with it; then the ticket is spent and the cookie gone.
    await page.getByLabel("Authenticator code").fill(await unusedAppCode());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/login\/consent\?rid=|\/demo\/callback\?/);
    expect(await hasSession(page)).toBe(true);
    expect(await ticketCookie(page)).toBeUndefined();

    // Replayed — the spent ticket put back as that very cookie in a fresh browser (on a sign-in still
    // open, the next one's), with a right recovery code — refused.
    const late = await smsStepInNewBrowser(phone);
    const replay = await postSecondFactorElsewhere(late.page.url(), phone, recoveryCodes[4]!, { ticketCookie: ticket });
    expect(replay.error).toBe("second_factor_expired");
    expect(await hasSession(replay.page)).toBe(false);

    // Expired: a ticket past its 5 minutes is refused on the page, even with a right code.
    const lateTicket = (await ticketCookie(late.page))!.value;
    await query("UPDATE second_factor_tickets SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [createHash("sha256").update(lateTicket).digest("hex")]);
    await late.page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await late.page.getByLabel("Recovery code").fill(recoveryCodes[4]!);
    await late.page.getByRole("button", { name: "Verify" }).click();
    // …and the browser is back on the text-message step, which says why and offers a new code (the
    // second-factor step itself has no way forward once its ticket is gone).
    await late.page.waitForURL(/\/login\/code\?rid=[^&]+&error=second_factor_expired$/);
    await expect(late.page.locator("#code-error").textContent()).resolves.toBe("This sign-in step has expired. Ask for a new text message code.");
    await expect(late.page.getByRole("button", { name: /^Send a new code/ }).count()).resolves.toBe(1);
    await expect(late.page.getByLabel("Verification code").count()).resolves.toBe(1);
    expect(await hasSession(late.page)).toBe(false);
    expect(await ticketCookie(late.page)).toBeUndefined();
    for (const context of [page.context(), elsewhere.page.context(), replay.page.context(), late.page.context()]) await context.close();
  });

  it("signs in with a recovery code once; the same recovery code is refused the next time", async () => {
    const first = await smsStepInNewBrowser(phone);
    await first.page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await first.page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await first.page.getByRole("button", { name: "Verify" }).click();
    await first.page.waitForURL(/\/login\/consent\?rid=|\/demo\/callback\?/);
    expect(await hasSession(first.page)).toBe(true);
    await first.page.context().close();

    const again = await smsStepInNewBrowser(phone);
    await again.page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await again.page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await again.page.getByRole("button", { name: "Verify" }).click();
    await expect(again.page.locator("#second-factor-error").textContent()).resolves.toBe("That code is not right. Try again.");
    expect(await hasSession(again.page)).toBe(false);
    await again.page.getByLabel("Recovery code").fill(recoveryCodes[1]!);
    await again.page.getByRole("button", { name: "Verify" }).click();
    await again.page.waitForURL(/\/login\/consent\?rid=|\/demo\/callback\?/);

    // Signed in, the user turns the app off with a current code.
    await again.page.goto(`${server.url}/account/security`);
    await again.page.getByLabel("Current code from the app").fill(await unusedAppCode());
    await again.page.getByRole("button", { name: "Turn off" }).click();
    await again.page.getByText("Your authenticator app is off.").waitFor();
    expect(again.problems).toEqual([]);
    await again.page.context().close();
  });
});
