// Open-redirect attempts on /login/oauth/authorize (RFC 9700 §4.1 and §4.11.2, ASVS 10.4.1): every
// redirect_uri that is not byte-for-byte a registered one gets the error page — never a Location
// header, never a meta refresh or a link to the attacker's address — whatever else is wrong with
// the request (an invalid scope must not turn it into an error redirect, RFC 9700 §4.18).
import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { apiRequest, createTestClient } from "../support/fixtures";

const REGISTERED = "https://partner.example/cb";
let partner: CreatedClient;

beforeAll(async () => {
  partner = await createTestClient({ redirectUris: [REGISTERED, "http://127.0.0.1:8080/cb"] });
});

/** [label, redirect_uri as the attacker sends it]. Add variants here; each becomes a test. */
const VARIANTS: [string, string][] = [
  ["trailing slash", "https://partner.example/cb/"],
  ["upper-case host", "https://PARTNER.example/cb"],
  ["upper-case path", "https://partner.example/CB"],
  ["upper-case scheme", "HTTPS://partner.example/cb"],
  ["userinfo pointing elsewhere", "https://partner.example@evil.example/cb"],
  ["userinfo with port", "https://partner.example:443@evil.example/cb"],
  ["backslash userinfo", "https://partner.example\\@evil.example/cb"],
  ["fragment", "https://partner.example/cb#frag"],
  ["fragment with @", "https://partner.example/cb#@evil.example"],
  ["path traversal", "https://partner.example/cb/../evil"],
  ["traversal that normalises to the registered path", "https://partner.example/x/../cb"],
  ["encoded dots", "https://partner.example/cb/%2e%2e/evil"],
  ["encoded slash", "https://partner.example/cb%2f..%2fevil"],
  ["percent-encoded path", "https://partner.example/%63b"],
  ["NUL byte", "https://partner.example/cb%00"],
  ["other port", "https://partner.example:8443/cb"],
  ["explicit default port", "https://partner.example:443/cb"],
  ["loopback on another port", "http://127.0.0.1:9999/cb"],
  ["other scheme http", "http://partner.example/cb"],
  ["javascript scheme", "javascript:alert(1)//partner.example/cb"],
  ["data scheme", "data:text/html,<script>alert(1)</script>"],
  ["extra query parameter", "https://partner.example/cb?next=https://evil.example"],
  ["empty query", "https://partner.example/cb?"],
  ["punycode lookalike", "https://xn--prtner-2ya.example/cb"],
  ["IDN lookalike (Cyrillic a)", "https://p\u0430rtner.example/cb"],
  ["subdomain of the registered host", "https://evil.partner.example/cb"],
  ["registered host as subdomain", "https://partner.example.evil.example/cb"],
  ["leading space", " https://partner.example/cb"],
  ["trailing space", "https://partner.example/cb "],
  ["tab inside", "https://partner.example/c\tb"],
  ["double-encoded", "https%3A%2F%2Fpartner.example%2Fcb"],
  ["protocol-relative", "//evil.example/cb"],
  ["relative path", "/cb"],
];

function authorizeRaw(query: string) {
  return authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
}

async function expectErrorPage(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  expect(response.headers.get("content-type")).toMatch(/text\/html/);
  const html = await response.text();
  expect(html).toContain("Invalid redirect address");
  expect(html).not.toMatch(/http-equiv=["']?refresh/i);
  expect(html).not.toMatch(/href=["'](?:https?:)?\/\/(?!partner\.example\/cb["'])[^"']*evil/i);
  expect(html).not.toContain("<script>alert(1)</script>");
}

describe("open redirect: redirect_uri variants get the error page, never a redirect", () => {
  it.each(VARIANTS)("open-redirect: %s", async (_label, uri) => {
    const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: uri, response_type: "code", state: "s" });
    await expectErrorPage(await authorizeRaw(query.toString()));
    // Even with another error in the request, nothing is redirected to the unverified address.
    const withBadScope = new URLSearchParams({ client_id: partner.client_id, redirect_uri: uri, response_type: "token", scope: "admin" });
    await expectErrorPage(await authorizeRaw(withBadScope.toString()));
  });

  it("open-redirect: a repeated redirect_uri parameter (registered first, attacker second)", async () => {
    const query = `client_id=${partner.client_id}&response_type=code&redirect_uri=${encodeURIComponent(REGISTERED)}&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`;
    const response = await authorizeRaw(query);
    expect(response.headers.get("location") ?? "").not.toContain("evil.example");
    expect(response.status).not.toBe(302);
  });

  it("open-redirect: an unknown client_id with any redirect_uri", async () => {
    const query = new URLSearchParams({ client_id: "0".repeat(32), redirect_uri: "https://evil.example/cb", response_type: "code" });
    const response = await authorizeRaw(query.toString());
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  it("open-redirect: the registered URI, exactly, is where errors go", async () => {
    const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: REGISTERED, response_type: "token", state: "s" });
    const response = await authorizeRaw(query.toString());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(REGISTERED);
  });
});
