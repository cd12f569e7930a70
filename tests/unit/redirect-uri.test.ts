import { afterEach, describe, expect, it } from "vitest";
import { isRegisteredRedirectUri, redirectUriProblem } from "@/lib/clients/redirect-uri";

const env = process.env as Record<string, string | undefined>;

describe("redirect URI registration (RFC 9700, RFC 8252)", () => {
  afterEach(() => {
    env.NODE_ENV = "test";
  });

  it("accepts https, loopback http and reverse-DNS app schemes", () => {
    env.NODE_ENV = "production";
    expect(redirectUriProblem("https://partner.example/cb?x=1")).toBeNull();
    expect(redirectUriProblem("http://localhost:3000/demo/callback")).toBeNull();
    expect(redirectUriProblem("http://127.0.0.1:8080/cb")).toBeNull();
    expect(redirectUriProblem("com.example.app:/oauth2redirect")).toBeNull();
  });

  it("rejects fragments, credentials, dangerous schemes and plain http in production", () => {
    env.NODE_ENV = "production";
    expect(redirectUriProblem("https://partner.example/cb#frag")).toMatch(/fragment/);
    expect(redirectUriProblem("https://user:pw@partner.example/cb")).toMatch(/credentials/);
    expect(redirectUriProblem("javascript:alert(1)")).toMatch(/forbidden|must use/);
    expect(redirectUriProblem("http://partner.example/cb")).toMatch(/https/);
    expect(redirectUriProblem("/relative")).toMatch(/absolute/);
  });

  it("matches exactly, never by prefix", () => {
    const registered = ["https://partner.example/cb"];
    expect(isRegisteredRedirectUri(registered, "https://partner.example/cb")).toBe(true);
    expect(isRegisteredRedirectUri(registered, "https://partner.example/cb/../evil")).toBe(false);
    expect(isRegisteredRedirectUri(registered, "https://partner.example/cb?x=1")).toBe(false);
    expect(isRegisteredRedirectUri(registered, "https://partner.example/CB")).toBe(false);
  });
});
