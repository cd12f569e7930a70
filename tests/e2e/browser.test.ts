// What a person sees: the landing page in demo mode, the hosted-login link, error pages, and the
// WebAuthn virtual authenticator every later browser test relies on.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { authenticatorOf, newContextWithAuthenticators, within } from "../support/browser";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { sharedServerAndBrowser, type SharedServer } from "../support/shared-server";

let server: SharedServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  // One server and one Chromium for the whole e2e-shared project (tests/support/shared-server.ts).
  [server, browser] = await sharedServerAndBrowser();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  context = await newContextWithAuthenticators(browser);
  page = await context.newPage();
  problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
});

afterEach(async () => {
  await context.close();
});

describe("landing page", () => {
  it("says what Trustgate is and offers the demo partner's hosted login", async () => {
    await page.goto(`${server.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toMatch(/Hosted login and onboarding/);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    const clientId = await page.getByTestId("demo-client-id").textContent();
    expect(server.output()).toContain(`Partner client_id:     ${clientId}`);
    // Next's inline bootstrap ran: the CSP nonce reached it, and nothing was blocked.
    expect(await page.evaluate(() => Array.isArray((window as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);
    expect(problems).toEqual([]);
  });

  it("fits a phone screen", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: ".tmp/landing-mobile.png", fullPage: true });
  });

  it("the hosted-login link signs a user in and returns a code to the demo partner", async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Try the hosted login" }).click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Sign in with your phone");
    await signInWithSms(page, server.url, testPhone());
    await expect(page.locator("h1").textContent()).resolves.toBe("Authorize Demo Partner");
    await page.screenshot({ path: ".tmp/consent.png", fullPage: true });
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    expect(await page.getByTestId("callback-state").textContent()).toBe("demo");
    expect(await page.getByTestId("callback-code").textContent()).toMatch(/^[\w-]{43}$/);
    expect(problems).toEqual([]);
  });

  it("keyboard users can reach the sign-in link", async () => {
    await page.goto(`${server.url}/`);
    let focused = "";
    for (let i = 0; i < 10 && !focused.includes("Try the hosted login"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    }
    expect(focused).toContain("Try the hosted login");
  });
});

describe("authorize errors in the browser", () => {
  it("an unknown client stays on Trustgate's error page", async () => {
    const response = await page.goto(`${server.url}/login/oauth/authorize?client_id=nope&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&response_type=code`);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).host).toBe(new URL(server.url).host);
    await expect(page.locator("h1").textContent()).resolves.toBe("Unknown application");
  });
});

describe("WebAuthn virtual authenticator", () => {
  async function createPasskey(target: Page): Promise<string> {
    return within(
      target.evaluate(async () => {
        const credential = (await navigator.credentials.create({
          publicKey: {
            rp: { id: "localhost", name: "Trustgate test" },
            user: { id: crypto.getRandomValues(new Uint8Array(16)), name: "+15555550100", displayName: "Test user" },
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            pubKeyCredParams: [{ type: "public-key", alg: -7 }],
            authenticatorSelection: { authenticatorAttachment: "platform", residentKey: "required", userVerification: "required" },
          },
        })) as PublicKeyCredential;
        return credential.id;
      }),
      15_000,
      "navigator.credentials.create",
    );
  }

  it("is attached to every page of the context, each with its own store", async () => {
    await page.goto(`${server.url}/`);
    const id = await createPasskey(page);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await (await authenticatorOf(page)).credentials()).map((c) => c.credentialId.replace(/=+$/, ""))).toHaveLength(1);

    const second = await context.newPage();
    await second.goto(`${server.url}/`);
    await createPasskey(second);
    expect(await (await authenticatorOf(second)).credentials()).toHaveLength(1);
    expect(await (await authenticatorOf(page)).credentials()).toHaveLength(1);
  });
});
