import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { apiRequest, BASE_URL, createTestClient } from "../support/fixtures";

let partner: CreatedClient;
const redirectUri = () => partner.redirect_uris[0]!;

beforeAll(async () => {
  partner = await createTestClient();
});

function authorize(query: Record<string, string>) {
  return authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams(query)}`));
}

describe("authorize: where errors may go (RFC 6749 §4.1.2.1)", () => {
  it("shows an error page, never a redirect, for an unknown client", async () => {
    const response = await authorize({ client_id: "nope", redirect_uri: "https://evil.example/cb", response_type: "code" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toContain("Unknown application");
  });

  it("shows an error page for a redirect_uri that is not registered exactly", async () => {
    for (const uri of ["https://evil.example/cb", `${redirectUri()}/extra`, `${redirectUri()}?x=1`, ""]) {
      const response = await authorize({ client_id: partner.client_id, redirect_uri: uri, response_type: "code" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      // An empty redirect_uri is named as missing (issue 19), never as "not registered".
      expect(await response.text()).toContain(uri === "" ? "Missing redirect address" : "Invalid redirect address");
    }
  });

  it("escapes what it echoes", async () => {
    const response = await authorize({ client_id: "<script>alert(1)</script>" });
    expect(await response.text()).not.toContain("<script>alert(1)</script>");
  });

  it("redirects other errors to the verified redirect_uri with state", async () => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "token", state: "s1" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri());
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("s1");
  });

  it("sends iss with every redirected error (RFC 9207)", async () => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "token" });
    expect(new URL(response.headers.get("location")!).searchParams.get("iss")).toBe(BASE_URL);
  });

  it.each([
    ["no response_type", {}, "invalid_request"],
    ["an unknown scope", { response_type: "code", scope: "openid admin" }, "invalid_scope"],
    ["plain PKCE", { response_type: "code", code_challenge: "a".repeat(43), code_challenge_method: "plain" }, "invalid_request"],
    ["a challenge without its method", { response_type: "code", code_challenge: "a".repeat(43) }, "invalid_request"],
    ["a malformed challenge", { response_type: "code", code_challenge: "short", code_challenge_method: "S256" }, "invalid_request"],
    ["an invalid phone", { response_type: "code", phone: "12" }, "invalid_request"],
    ["phone_read_only without phone", { response_type: "code", phone_read_only: "true" }, "invalid_request"],
    ["both user ids", { response_type: "code", user_id: "00000000-0000-4000-8000-000000000000", user_intent_id: "00000000-0000-4000-8000-000000000001" }, "invalid_request"],
  ])("redirects %s as %s", async (_label, extra, error) => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), state: "s", ...extra });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("state")).toBe("s");
  });

  it("pkce-required-for-public-clients", async () => {
    const app = await createTestClient({ type: "public", redirectUris: ["com.example.app:/cb"] });
    const response = await authorize({ client_id: app.client_id, redirect_uri: "com.example.app:/cb", response_type: "code" });
    expect(new URL(response.headers.get("location")!).searchParams.get("error_description")).toMatch(/PKCE/);
    const withPkce = await authorize({ client_id: app.client_id, redirect_uri: "com.example.app:/cb", response_type: "code", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" });
    expect(withPkce.headers.get("location")).toMatch(/^\/login\?rid=/);
  });

  it("shows developer-facing pages for unknown users and intents, including another partner's intent", async () => {
    const other = await createTestClient();
    const theirIntent = await db().userIntent.create({ data: { clientId: other.client_id, email: "x@example.com", phone: "+14155552671" } });
    for (const [extra, title] of [
      [{ user_intent_id: theirIntent.id }, "Unknown user intent"],
      [{ user_intent_id: "not-a-uuid" }, "Unknown user intent"],
      [{ user_id: "00000000-0000-4000-8000-000000000000" }, "Unknown user"],
    ] as const) {
      const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "code", ...extra });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain(title);
    }
  });

  it("user_id only for users linked to this client: another partner's user gets exactly the unknown-user answer", async () => {
    const other = await createTestClient();
    const theirs = await db().user.create({ data: { phone: "+14155552672" } });
    await db().consent.create({ data: { userId: theirs.id, clientId: other.client_id, scopes: ["openid"] } });
    const unknown = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "code", user_id: "00000000-0000-4000-8000-000000000000" });
    const foreign = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "code", user_id: theirs.id });
    expect(foreign.status).toBe(unknown.status);
    expect(foreign.headers.get("location")).toBeNull();
    const strip = (html: string) => html.replace(/nonce-[^"']+|nonce="[^"]*"/g, "");
    expect(strip(await foreign.text())).toBe(strip(await unknown.text()));
    expect(await db().authorizationRequest.count({ where: { expectedUserId: theirs.id } })).toBe(0); // no sign-in page, no SMS
    // Once linked to this client (a consent), the same user_id is accepted.
    await db().consent.create({ data: { userId: theirs.id, clientId: partner.client_id, scopes: ["openid"] } });
    const linked = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "code", user_id: theirs.id });
    expect(linked.headers.get("location")).toMatch(/^\/login\?rid=/);
  });

  it("refuses repeated parameters on its own page", async () => {
    const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?client_id=${partner.client_id}&client_id=${partner.client_id}`));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  it("stores a valid request server-side and continues the hosted sign-in", async () => {
    const response = await authorize({
      client_id: partner.client_id,
      redirect_uri: redirectUri(),
      response_type: "code",
      scope: "phone openid",
      state: "xyz",
      nonce: "n-1",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      phone: "(415) 555-2671",
      phone_read_only: "true",
    });
    expect(response.status).toBe(302);
    // No session: straight to the phone page (no /login/continue bounce on a GET).
    const rid = /^\/login\?rid=([\w-]+)$/.exec(response.headers.get("location")!)![1]!;
    const stored = await db().authorizationRequest.findUniqueOrThrow({ where: { id: rid } });
    expect(stored).toMatchObject({
      clientId: partner.client_id,
      redirectUri: redirectUri(),
      scope: "openid phone",
      state: "xyz",
      nonce: "n-1",
      codeChallengeMethod: "S256",
      phone: "+14155552671",
      phoneReadOnly: true,
      completedAt: null,
    });
  });
});
