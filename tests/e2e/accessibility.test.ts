// axe-core (WCAG 2.1 A + AA rules) on every hosted page a person meets: phone, code, consent,
// consent with a review notice, the terminal status page, the authorize error page, the
// verification forms (personal with its errors, business, document with a refused file),
// /account/security, /account/devices, the risk-action challenge (with and without a trusted
// device), device approval (the waiting device's number, /account/approve and its request list)
// and the admin sign-in (see tests/support/hosted-pages.ts), for a partner with its branding (logo,
// accent colour, policy and terms links). Not /docs:
// Swagger UI's own markup fails color-contrast, nested-interactive and select-name (axe 4.14).
// The same tours again in Spanish, in Arabic (right to left) and in dark mode (prefers-color-scheme,
// emulated by the browser context): axe on every stop (colour contrast included), the page's
// <html lang dir>, and no English left on a translated page; ui_locales beats Accept-Language.
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import type { Locale } from "@/lib/i18n/locales";
import { en } from "@/lib/i18n/messages/en";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe";
import { basicAuth } from "../support/fixtures";
import { launchBrowser } from "../support/browser";
import { authorizeUrl, brandTourPartner, HOSTED_PAGE_TOURS, say, type TourContext } from "../support/hosted-pages";
import { latestCode, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let ctx: TourContext;

beforeAll(async () => {
  // Every tour signs someone in by SMS: ~40 codes, more than one address may ask for in an hour
  // (30). Each browser context is a different person at a different address (a documentation-range
  // X-Forwarded-For, read because this server trusts its proxy), as in real life.
  [server, browser] = await Promise.all([startServer({ env: { TRUSTGATE_TRUST_PROXY: "true" } }), launchBrowser()]);
  const newContext = browser.newContext.bind(browser);
  let person = 0;
  browser.newContext = (options = {}) => {
    person += 1;
    return newContext({ ...options, extraHTTPHeaders: { ...options.extraHTTPHeaders, "X-Forwarded-For": `198.51.100.${person % 250}` } });
  };
  const redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  ctx = { baseUrl: server.url, partner: JSON.parse(created.stdout), redirectUri, dataDir: server.dataDir };
  // Every page as a partner's users see it: its logo, accent colour (light and dark) and policy links.
  await brandTourPartner(ctx);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("hosted pages have no WCAG 2.1 AA violations (axe-core)", () => {
  for (const tour of HOSTED_PAGE_TOURS) {
    it(`${tour.name} tour`, async () => {
      const context = await browser.newContext();
      const visited: string[] = [];
      try {
        await tour.run(await context.newPage(), ctx, async (stop, page) => {
          await expectNoAxeViolations(page, `${stop.name} (${stop.path})`);
          visited.push(stop.name);
        });
      } finally {
        await context.close();
      }
      expect(visited.length).toBeGreaterThan(0);
    });
  }

  it("the phone page with an error message shown", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(authorizeUrl(ctx));
      await page.waitForURL(/\/login\?rid=/);
      await page.getByLabel("Phone number").fill("12");
      await page.getByRole("button", { name: "Send code" }).click();
      await page.waitForSelector("#phone-error");
      await expectNoAxeViolations(page, "phone page with an error");
    } finally {
      await context.close();
    }
  });
});

/** A catalogue key on the page: a client component whose page did not send it that namespace (components/i18n/Messages.tsx). */
const KEY_SHOWN = new RegExp(`\\b(${[...new Set(Object.keys(en).map((key) => key.split(".")[0]))].join("|")})\\.[a-z][A-Za-z_]*\\b`);

/** English words that no Spanish or Arabic sentence of ours contains: one of them means an untranslated text. */
const ENGLISH = /\b(the|your|you|and|with|this|code|sign)\b/i;

/** The visible text of the page minus what the partner or the user supplied (names, the action). */
async function ourText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const node of copy.querySelectorAll('[data-testid="challenge-action"], [lang="en"], script, style, next-route-announcer')) node.remove();
    return copy.innerText.replaceAll("Acme Bank", "").replaceAll("Trustgate", "");
  });
}

const MODES: { name: string; locale?: Locale; options: BrowserContextOptions; tours: string[] }[] = [
  // Accept-Language Spanish too: the challenge page without a trusted device is met in a browser without the sign-in's cookie.
  { name: "Spanish", locale: "es", options: { locale: "es-ES" }, tours: HOSTED_PAGE_TOURS.map((tour) => tour.name).filter((name) => name !== "admin sign-in") },
  {
    name: "Arabic (right to left)",
    locale: "ar",
    options: { locale: "ar" },
    tours: ["sign-in", "rejected user intent", "authorize error", "verify personal", "verify document", "trusted device", "challenge without a trusted device"],
  },
  {
    name: "dark",
    options: { colorScheme: "dark" },
    tours: ["sign-in", "pending user intent", "rejected user intent", "authorize error", "verify personal", "verify document", "account security", "trusted device", "admin sign-in"],
  },
];

describe("hosted pages in Spanish, Arabic (right to left) and dark mode", () => {
  for (const mode of MODES) {
    for (const tour of HOSTED_PAGE_TOURS.filter((t) => mode.tours.includes(t.name))) {
      it(`${mode.name}: ${tour.name} tour`, async () => {
        const context = await browser.newContext(mode.options);
        const visited: string[] = [];
        try {
          await tour.run(await context.newPage(), { ...ctx, locale: mode.locale, contextOptions: mode.options }, async (stop, page) => {
            const label = `${stop.name} (${stop.path}, ${mode.name})`;
            await expectNoAxeViolations(page, label);
            const root = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, background: getComputedStyle(document.body).backgroundColor }));
            if (mode.locale) {
              expect(root, label).toMatchObject({ lang: mode.locale, dir: mode.locale === "ar" ? "rtl" : "ltr" });
              expect((await ourText(page)).match(ENGLISH)?.[0], `English on ${label}`).toBeUndefined();
            }
            expect((await ourText(page)).match(KEY_SHOWN)?.[0], `a message key shown on ${label}`).toBeUndefined();
            if (mode.options.colorScheme === "dark") {
              // The page background is the dark end of the palette (RGB channels all below 64).
              const channels = root.background.match(/\d+/g)!.slice(0, 3).map(Number);
              expect(Math.max(...channels), `${label} background ${root.background}`).toBeLessThan(64);
            }
            visited.push(stop.name);
          });
        } finally {
          await context.close();
        }
        expect(visited.length).toBeGreaterThan(0);
      });
    }
  }

  it("right to left: text starts on the right, phone numbers and codes stay left to right", async () => {
    const context = await browser.newContext({ locale: "ar" });
    try {
      const page = await context.newPage();
      await page.goto(authorizeUrl({ ...ctx, locale: "ar" }));
      await page.waitForURL(/\/login\?rid=/);
      const layout = await page.evaluate(() => {
        const heading = document.querySelector("h1")!;
        const card = heading.closest("section")!;
        const phone = document.getElementById("phone")!;
        // The heading's text, not its box (a block spans the card's width either way).
        const text = document.createRange();
        text.selectNodeContents(heading);
        const [h, c] = [text.getBoundingClientRect(), card.getBoundingClientRect()];
        return { headingDirection: getComputedStyle(heading).direction, phoneDirection: getComputedStyle(phone).direction, gapRight: Math.round(c.right - h.right), gapLeft: Math.round(h.left - c.left) };
      });
      expect(layout.headingDirection).toBe("rtl");
      expect(layout.phoneDirection).toBe("ltr");
      // The heading's text hugs the card's right edge (its start in Arabic), not the left.
      expect(layout.gapRight).toBeLessThan(layout.gapLeft);
      expect(layout.gapRight).toBeLessThan(40);
      await expect(page.getByRole("button", { name: say({ locale: "ar" }, "device.approveOnOther") })).toBeDefined();
    } finally {
      await context.close();
    }
  });

  it("ui_locales beats Accept-Language (on a plain and a pushed authorization request); without it the browser's language, else English", async () => {
    const heading = async (page: Page, extra: Record<string, string>, strip = false) => {
      const url = new URL(authorizeUrl(ctx, extra));
      if (strip) url.searchParams.delete("ui_locales");
      await page.goto(url.toString());
      await page.waitForURL(/\/login\?rid=/);
      return { lang: await page.evaluate(() => document.documentElement.lang), heading: await page.getByRole("heading", { level: 1 }).textContent() };
    };
    const spanishBrowser = await browser.newContext({ locale: "es-ES" });
    const englishBrowser = await browser.newContext({ locale: "en-US" });
    try {
      const page = await spanishBrowser.newPage();
      expect(await heading(page, { ui_locales: "ar es" })).toEqual({ lang: "ar", heading: say({ locale: "ar" }, "phone.heading") });
      // The choice lasts for that sign-in only: the next authorize request without ui_locales follows the browser.
      expect(await heading(page, {}, true)).toEqual({ lang: "es", heading: say({ locale: "es" }, "phone.heading") });
      expect(await heading(page, { ui_locales: "fr-CA de" })).toEqual({ lang: "es", heading: say({ locale: "es" }, "phone.heading") });
      // A pushed authorization request (RFC 9126) carries its ui_locales: its pages are in that language too.
      const pushed = await fetch(`${ctx.baseUrl}/v1/oauth/par`, {
        method: "POST",
        headers: { Authorization: basicAuth(ctx.partner.client_id, ctx.partner.client_secret), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ response_type: "code", redirect_uri: ctx.redirectUri, scope: "openid phone", state: "par-1", ui_locales: "ar" }),
      });
      expect(pushed.status).toBe(201);
      const { request_uri: requestUri } = (await pushed.json()) as { request_uri: string };
      await page.goto(`${ctx.baseUrl}/login/oauth/authorize?${new URLSearchParams({ client_id: ctx.partner.client_id, request_uri: requestUri })}`);
      await page.waitForURL(/\/login\?rid=/);
      expect({ lang: await page.evaluate(() => document.documentElement.lang), heading: await page.getByRole("heading", { level: 1 }).textContent() }).toEqual({ lang: "ar", heading: say({ locale: "ar" }, "phone.heading") });
      const english = await englishBrowser.newPage();
      expect(await heading(english, {}, true)).toEqual({ lang: "en", heading: "Sign in with your phone" });
      expect(await heading(english, { ui_locales: "es-MX" })).toEqual({ lang: "es", heading: "Inicia sesión con tu teléfono" });
    } finally {
      await spanishBrowser.close();
      await englishBrowser.close();
    }
  });

  it("the SMS text is in the sign-in's language, its last line still the WebOTP origin binding", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    try {
      const page = await context.newPage();
      const phone = testPhone();
      await page.goto(authorizeUrl({ ...ctx, locale: "es" }));
      await page.getByLabel(say({ locale: "es" }, "phone.label")).fill(phone);
      await page.getByRole("button", { name: say({ locale: "es" }, "phone.send") }).click();
      await page.waitForURL(/\/login\/code\?rid=/);
      const code = await latestCode(ctx.baseUrl, phone);
      const [message] = (await (await fetch(`${ctx.baseUrl}/dev/outbox.json?to=${encodeURIComponent(phone)}`)).json()) as { body: string }[];
      expect(message!.body).toBe(`${say({ locale: "es" }, "sms.signInCode", { code, minutes: 5 })}\n\n@${new URL(ctx.baseUrl).hostname} #${code}`);
    } finally {
      await context.close();
    }
  });
});
