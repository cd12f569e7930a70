// The HTTP front's CSRF backstop: which POSTs count as a cross-origin form post (403 before Next.js).
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { isCrossOriginFormPost } from "@/lib/server/cross-origin-form-post";

const saved = process.env.TRUSTGATE_URL;
afterEach(() => {
  process.env.TRUSTGATE_URL = saved;
});

const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as http.IncomingMessage;

describe("isCrossOriginFormPost", () => {
  it("refuses a page POST from another origin, or from an opaque (null) origin", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    for (const origin of ["https://evil.example", "null", "https://login.example.com.evil.example", "http://login.example.com"]) {
      expect(isCrossOriginFormPost(req("POST", "/login?rid=x", { host: "login.example.com", origin })), origin).toBe(true);
    }
  });

  it("refuses an opaque (null) origin whatever Fetch Metadata claims: under Referrer-Policy same-origin our own forms send our Origin", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    const post = (site: string) => req("POST", "/verify/document/upload", { host: "login.example.com", origin: "null", "sec-fetch-site": site });
    for (const site of ["same-origin", "cross-site", "same-site", "none"]) expect(isCrossOriginFormPost(post(site)), site).toBe(true);
  });

  it("lets same-origin posts through, including behind a proxy that rewrites Host", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    expect(isCrossOriginFormPost(req("POST", "/login", { host: "login.example.com", origin: "https://login.example.com" }))).toBe(false);
    expect(isCrossOriginFormPost(req("POST", "/login/consent", { host: "127.0.0.1:3000", origin: "https://login.example.com" }))).toBe(false);
    process.env.TRUSTGATE_URL = "http://localhost:3000";
    expect(isCrossOriginFormPost(req("POST", "/login", { host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(false);
    expect(isCrossOriginFormPost(req("POST", "/login", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(false);
  });

  it("leaves APIs, next-auth (its own CSRF token), GETs and posts without Origin to their own checks", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    for (const path of ["/v1/oauth/token", "/api/auth/callback/sms", "/.well-known/jwks.json", "/healthz"]) {
      expect(isCrossOriginFormPost(req("POST", path, { host: "login.example.com", origin: "https://spa.example" })), path).toBe(false);
    }
    expect(isCrossOriginFormPost(req("GET", "/login", { host: "login.example.com", origin: "https://evil.example" }))).toBe(false);
    expect(isCrossOriginFormPost(req("POST", "/login", { host: "login.example.com" }))).toBe(false);
  });

  it("lets a partner's page POST an authorization request (OpenID Connect Core §3.1.2.1), and nothing beside it", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    expect(isCrossOriginFormPost(req("POST", "/login/oauth/authorize", { host: "login.example.com", origin: "https://partner.example" }))).toBe(false);
    expect(isCrossOriginFormPost(req("POST", "/login/oauth/authorize?x=1", { host: "login.example.com", origin: "https://partner.example" }))).toBe(false);
    expect(isCrossOriginFormPost(req("POST", "/login/oauth/authorize/x", { host: "login.example.com", origin: "https://partner.example" }))).toBe(true);
    expect(isCrossOriginFormPost(req("POST", "/login/consent", { host: "login.example.com", origin: "https://partner.example" }))).toBe(true);
  });
});
