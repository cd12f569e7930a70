// A person adds an authenticator app to their Trustgate sign-in, then signs in with SMS + the app's
// code, and with SMS + a recovery code (which then no longer works).
import type { Browser, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { launchBrowser } from "../support/browser";
import { latestCode, signInWithSms, testPhone } from "../support/hosted-login";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Instead of waiting out the 30-second SMS resend cooldown, age the phone's codes (through the server's socket). */
async function passSmsCooldown(phone: string): Promise<void> {
  const client = new pg.Client({ host: server.dataDir, user: "postgres", database: "postgres" });
  await client.connect();
  try {
    await client.query("UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1", [phone]);
  } finally {
    await client.end();
  }
}

/** A fresh browser (no session) from the demo partner's link up to the second-factor step. */
async function smsStepInNewBrowser(phone: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
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
  return { page, problems };
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

  it("signs in with a recovery code once; the same recovery code is refused the next time", async () => {
    const first = await smsStepInNewBrowser(phone);
    await first.page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await first.page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await first.page.getByRole("button", { name: "Verify" }).click();
    await first.page.waitForURL(/\/login\/consent\?rid=|\/demo\/callback\?/);
    expect(await hasSession(first.page)).toBe(true);
    await first.page.context().close();

    const again = await smsStepInNewBrowser(phone);
    await again.page.getByRole("button", { name: "Use a recovery code instead" }).click();
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
