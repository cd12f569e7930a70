// CORS for browser clients (lib/http/cors.ts): token, userinfo and revocation answer the origins of
// PUBLIC clients' registered redirect URIs only (no wildcard, Vary: Origin), preflights are cached;
// discovery and JWKS are public metadata (`*`); introspection, partner APIs and hosted pages never
// answer CORS. The lean dispatch path calls the same handlers, so it answers the same (checked here
// through LEAN_ROUTES, and against the production server in tests/e2e/lean-dispatch.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as authorizationServerRoute } from "@/app/.well-known/oauth-authorization-server/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as introspectRoute } from "@/app/v1/oauth/introspect/route";
import { OPTIONS as revokePreflight, POST as revokeRoute } from "@/app/v1/oauth/revoke/route";
import { OPTIONS as tokenPreflight, POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as userinfoRoute, OPTIONS as userinfoPreflight } from "@/app/v1/oauth/userinfo/route";
import { GET as intentsRoute } from "@/app/v1/user_intent/route";
import { forgetPublicClientOrigins } from "@/lib/clients/public-client-origins";
import type { CreatedClient } from "@/lib/clients/create-client";
import { CORS_PREFLIGHT_MAX_AGE_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { isJsonReply } from "@/lib/http/respond";
import { LEAN_ROUTES } from "@/lib/server/lean-routes";
import { apiRequest, basicAuth, createTestClient } from "../support/fixtures";
import { createTestUser, signIn } from "../support/oauth-fixtures";

const SPA = "https://spa.partner.example";
const SERVER_APP = "https://server.partner.example";

let spaClient: CreatedClient;
let serverClient: CreatedClient;

beforeAll(async () => {
  spaClient = await createTestClient({ type: "public", redirectUris: [`${SPA}/callback`, "com.partner.app:/oauth"] });
  serverClient = await createTestClient({ redirectUris: [`${SERVER_APP}/callback`] });
  forgetPublicClientOrigins();
});

const preflight = (path: string, origin: string, method = "POST") => apiRequest(path, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type" } });

const tokenCall = (origin: string) =>
  apiRequest("/v1/oauth/token", {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "tgr_unknown", client_id: spaClient.client_id }).toString(),
  });

describe("cors-public-clients-only", () => {
  it("answers the preflight of a public client's origin, cached for CORS_PREFLIGHT_MAX_AGE_S", async () => {
    for (const [route, path, method] of [
      [tokenPreflight, "/v1/oauth/token", "POST"],
      [revokePreflight, "/v1/oauth/revoke", "POST"],
      [userinfoPreflight, "/v1/oauth/userinfo", "GET"],
    ] as const) {
      const response = await route(preflight(path, SPA, method));
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(SPA);
      expect(response.headers.get("access-control-allow-methods")).toContain(method);
      expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization.*Content-Type.*DPoP/);
      expect(response.headers.get("access-control-max-age")).toBe(String(CORS_PREFLIGHT_MAX_AGE_S));
      expect(response.headers.get("vary")).toBe("Origin");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it.each([
    ["a confidential client's origin", SERVER_APP],
    ["an unknown origin", "https://evil.example"],
    ["the opaque origin", "null"],
    ["a sub-domain of a registered origin", "https://x.spa.partner.example"],
  ])("gives %s no CORS headers (preflight and actual response)", async (_label, origin) => {
    const pre = await tokenPreflight(preflight("/v1/oauth/token", origin));
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await tokenRoute(tokenCall(origin));
    expect(actual.headers.get("access-control-allow-origin")).toBeNull();
    expect(actual.headers.get("vary")).toBe("Origin");
  });

  it("echoes the origin on token answers, errors included, and exposes WWW-Authenticate on userinfo", async () => {
    const failed = await tokenRoute(tokenCall(SPA));
    expect(failed.status).toBe(400);
    expect(failed.headers.get("access-control-allow-origin")).toBe(SPA);

    const user = await createTestUser();
    const tokens = await signIn(spaClient, user, { scope: "openid" });
    const userinfo = await userinfoRoute(apiRequest("/v1/oauth/userinfo", { headers: { Origin: SPA, Authorization: `Bearer ${tokens.access_token}` } }));
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get("access-control-allow-origin")).toBe(SPA);
    expect(userinfo.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
    const unauthenticated = await userinfoRoute(apiRequest("/v1/oauth/userinfo", { headers: { Origin: SPA } }));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe(SPA);

    const revoked = await revokeRoute(
      apiRequest("/v1/oauth/revoke", {
        method: "POST",
        headers: { Origin: SPA, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: tokens.refresh_token!, client_id: spaClient.client_id }).toString(),
      }),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get("access-control-allow-origin")).toBe(SPA);
  });

  it("never answers CORS on introspection, partner APIs or hosted pages, even for a public client's origin", async () => {
    const introspection = await introspectRoute(
      apiRequest("/v1/oauth/introspect", {
        method: "POST",
        headers: { Origin: SPA, "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(serverClient.client_id, serverClient.client_secret!) },
        body: "token=x",
      }),
    );
    expect(introspection.headers.get("access-control-allow-origin")).toBeNull();
    const partnerApi = await intentsRoute(apiRequest("/v1/user_intent", { headers: { Origin: SPA, Authorization: basicAuth(serverClient.client_id, serverClient.client_secret!) } }));
    expect(partnerApi.status).toBe(200);
    expect(partnerApi.headers.get("access-control-allow-origin")).toBeNull();
    const page = await authorizeRoute(apiRequest(`/login/oauth/authorize?client_id=${spaClient.client_id}`, { headers: { Origin: SPA } }));
    expect(page.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("stops answering an origin once its public client is disabled", async () => {
    const gone = "https://gone.partner.example";
    const client = await createTestClient({ type: "public", redirectUris: [`${gone}/cb`] });
    forgetPublicClientOrigins();
    expect((await tokenPreflight(preflight("/v1/oauth/token", gone))).headers.get("access-control-allow-origin")).toBe(gone);
    await db().client.update({ where: { id: client.client_id }, data: { disabledAt: new Date() } });
    forgetPublicClientOrigins();
    expect((await tokenPreflight(preflight("/v1/oauth/token", gone))).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("cors-public-metadata", () => {
  it("discovery, RFC 8414 metadata and JWKS answer every origin with *", async () => {
    for (const [route, path] of [
      [discoveryRoute, "/.well-known/openid-configuration"],
      [authorizationServerRoute, "/.well-known/oauth-authorization-server"],
      [jwksRoute, "/.well-known/jwks.json"],
    ] as const) {
      const response = await route(apiRequest(path, { headers: { Origin: "https://anyone.example" } }));
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });
});

describe("cors-lean-path-parity", () => {
  const lean = (key: string, request: Request) => LEAN_ROUTES.get(key)!({ requestId: "lean-test-1", ip: "203.0.113.9", request: () => request });
  const headersOf = (answer: Response | { headers: Record<string, string> }) =>
    answer instanceof Response ? Object.fromEntries(answer.headers) : Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const cors = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("access-control-") || name === "vary"));

  it("the lean path answers the same CORS headers as the Next route", async () => {
    for (const origin of [SPA, "https://evil.example"]) {
      const next = await tokenRoute(tokenCall(origin));
      const leanAnswer = await lean("POST /v1/oauth/token", tokenCall(origin));
      expect(isJsonReply(leanAnswer)).toBe(true);
      expect(cors(headersOf(leanAnswer))).toEqual(cors(headersOf(next)));
      const nextPre = await tokenPreflight(preflight("/v1/oauth/token", origin));
      const leanPre = await lean("OPTIONS /v1/oauth/token", preflight("/v1/oauth/token", origin));
      expect(cors(headersOf(leanPre))).toEqual(cors(headersOf(nextPre)));
    }
    for (const key of ["GET /.well-known/jwks.json", "GET /.well-known/openid-configuration", "GET /.well-known/oauth-authorization-server"]) {
      expect(headersOf(await lean(key, apiRequest("/", { headers: { Origin: SPA } })))["access-control-allow-origin"]).toBe("*");
    }
  });
});
