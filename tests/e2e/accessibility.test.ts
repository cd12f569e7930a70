// axe-core (WCAG 2.1 A + AA rules) on every hosted page a person meets: phone, code, consent,
// consent with a review notice, the terminal status page, the authorize error page, the
// verification forms (personal with its errors, business, document with a refused file),
// /account/security, /account/devices, the risk-action challenge (with and without a trusted
// device), device approval (the waiting device's number, /account/approve and its request list)
// and the admin sign-in (see tests/support/hosted-pages.ts). Not /docs:
// Swagger UI's own markup fails color-contrast, nested-interactive and select-name (axe 4.14).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe";
import { launchBrowser } from "../support/browser";
import { authorizeUrl, HOSTED_PAGE_TOURS, type TourContext } from "../support/hosted-pages";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let ctx: TourContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  ctx = { baseUrl: server.url, partner: JSON.parse(created.stdout), redirectUri, dataDir: server.dataDir };
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
