// The API reference as a partner's developer meets it: /openapi.json over HTTP, and /docs
// rendered by Swagger UI in Chromium under Trustgate's own CSP, with nothing loaded from elsewhere.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("GET /openapi.json", () => {
  it("serves the OpenAPI 3.1 document, cacheable and revalidated by ETag, naming this server", async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const document = (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.servers).toEqual([{ url: server.url }]);
    expect(Object.keys(document.paths)).toContain("/v1/user_intent/{id}");
    const again = await fetch(`${server.url}/openapi.json`, { headers: { "If-None-Match": response.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("is linked from OpenID discovery as service_documentation and from the landing page", async () => {
    const discovery = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as { service_documentation: string };
    expect(discovery.service_documentation).toBe(`${server.url}/docs`);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('href="/docs"');
  });
});

describe("/docs", () => {
  it("renders the reference in Chromium under the site CSP, loading nothing from another origin", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const origins = new Set<string>();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => {
      if (!request.url().startsWith("data:")) origins.add(new URL(request.url()).origin);
    });
    const response = await page.goto(`${server.url}/docs`);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);

    await page.getByText("Create a UserIntent").first().waitFor({ timeout: 30_000 });
    // Open one operation: its parameters and the seed-based example are shown.
    await page.getByText("/v1/user_intent/{id}").first().click();
    await page.getByText("The intent's id (uuid)").first().waitFor({ timeout: 10_000 });
    await page.getByText("/v1/user_intent", { exact: true }).first().click();
    await page.getByText("jane.doe@example.com").first().waitFor({ timeout: 10_000 });

    expect(problems).toEqual([]);
    expect([...origins]).toEqual([server.url]);
    await page.close();
  });

  it("serves Swagger UI's files from our origin and nothing else from node_modules", async () => {
    const script = await fetch(`${server.url}/docs/assets/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await script.text()).length).toBeGreaterThan(100_000);
    for (const probe of ["package.json", "..%2F..%2Fpackage.json", "index.html"]) {
      expect((await fetch(`${server.url}/docs/assets/${probe}`)).status, probe).toBe(404);
    }
  });
});
