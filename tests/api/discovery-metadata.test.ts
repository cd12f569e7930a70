// Provider metadata: /.well-known/openid-configuration and RFC 8414's
// /.well-known/oauth-authorization-server answer ONE document, and every value it advertises is
// true — each endpoint answers, each grant type, client authentication method, scope, signing
// algorithm and claim works as advertised, and each "not supported" is refused as such.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as authorizationServerRoute } from "@/app/.well-known/oauth-authorization-server/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as introspectRoute } from "@/app/v1/oauth/introspect/route";
import { POST as revokeRoute } from "@/app/v1/oauth/revoke/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import { checkAuthorizeRequest } from "@/lib/authorize/check-authorize-request";
import type { CreatedClient } from "@/lib/clients/create-client";
import { updateClientStandards } from "@/lib/clients/update-standards";
import { db } from "@/lib/db";
import { apiRequest, BASE_URL, createTestClient, formRequest } from "../support/fixtures";
import { createTestUser, pkcePair, postToken, refresh, signIn, type TestUser } from "../support/oauth-fixtures";

type Metadata = Record<string, unknown> & { [key: string]: string | string[] | boolean };
let doc: Metadata;
let partner: CreatedClient;
let user: TestUser;

beforeAll(async () => {
  doc = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Metadata;
  partner = await createTestClient();
  user = await createTestUser({ email: "grace@example.com", firstName: "Grace", lastName: "Hopper" });
});

const list = (name: string) => doc[name] as string[];

describe("rfc8414-same-document", () => {
  it("serves the same document at both well-known paths, cacheable", async () => {
    const response = await authorizationServerRoute(apiRequest("/.well-known/oauth-authorization-server"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual(doc);
    // RFC 8414 §3.3: the issuer is the URL the metadata was derived from.
    expect(doc.issuer).toBe(BASE_URL);
  });
});

describe("discovery-values-are-true", () => {
  it("every endpoint answers at the advertised URL (none is a 404)", async () => {
    const routes: [string, (req: Request) => Promise<Response>, RequestInit][] = [
      ["authorization_endpoint", authorizeRoute, {}],
      ["token_endpoint", tokenRoute, { method: "POST" }],
      ["userinfo_endpoint", userinfoRoute, {}],
      ["jwks_uri", jwksRoute, {}],
      ["revocation_endpoint", revokeRoute, { method: "POST" }],
      ["introspection_endpoint", introspectRoute, { method: "POST" }],
    ];
    for (const [name, route, init] of routes) {
      const url = new URL(doc[name] as string);
      expect(url.origin).toBe(BASE_URL);
      const response = await route(apiRequest(url.pathname, init));
      expect({ name, status: response.status }).not.toEqual({ name, status: 404 });
    }
  });

  it("grant_types_supported: each grant issues tokens", async () => {
    expect(list("grant_types_supported").sort()).toEqual(["authorization_code", "client_credentials", "refresh_token"]);
    const tokens = await signIn(partner, user, { scope: "openid offline_access" });
    expect((await refresh(partner, tokens.refresh_token!)).status).toBe(200);
    expect((await postToken(partner, { grant_type: "client_credentials" })).status).toBe(200);
  });

  it("token_endpoint_auth_methods_supported: basic, post and none each authenticate (private_key_jwt: tests/api/private-key-jwt.test.ts)", async () => {
    expect(list("token_endpoint_auth_methods_supported")).toEqual(["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]);
    expect((await postToken(partner, { grant_type: "client_credentials" })).status).toBe(200);
    const post = await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials", client_id: partner.client_id, client_secret: partner.client_secret! }));
    expect(post.status).toBe(200);
    const spa = await createTestClient({ type: "public" });
    expect((await signIn(spa, user)).access_token).toEqual(expect.any(String));
    // Introspection takes no `none`: it is not advertised there.
    expect(list("introspection_endpoint_auth_methods_supported")).not.toContain("none");
  });

  it("id_token_signing_alg_values_supported: an ID token of each algorithm verifies against the JWKS", async () => {
    expect(list("id_token_signing_alg_values_supported")).toEqual(["ES256", "RS256"]);
    const jwks = createLocalJWKSet((await (await jwksRoute(apiRequest("/.well-known/jwks.json"))).json()) as never);
    for (const alg of list("id_token_signing_alg_values_supported")) {
      const client = await createTestClient();
      await updateClientStandards(client.client_id, { idTokenSignedResponseAlg: alg as "ES256" | "RS256" }, { type: "cli" });
      const { id_token } = await signIn(client, user);
      expect(decodeProtectedHeader(id_token!).alg).toBe(alg);
      await jwtVerify(id_token!, jwks, { issuer: BASE_URL, audience: client.client_id, algorithms: [alg] });
    }
  });

  it("scopes_supported: every scope is accepted on the authorization request", async () => {
    for (const scope of list("scopes_supported")) {
      const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", scope: `openid ${scope}` });
      expect({ scope, kind: (await checkAuthorizeRequest(query)).kind }).toEqual({ scope, kind: "started" });
    }
  });

  it("response_types, code_challenge_methods: code with S256 only; plain is refused", async () => {
    expect(list("response_types_supported")).toEqual(["code"]);
    expect(list("response_modes_supported")).toEqual(["query"]);
    expect(list("code_challenge_methods_supported")).toEqual(["S256"]);
    const { challenge } = pkcePair();
    const base = { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, state: "s" };
    const token = await checkAuthorizeRequest(new URLSearchParams({ ...base, response_type: "token" }));
    expect(new URL((token as { location: string }).location).searchParams.get("error")).toBe("unsupported_response_type");
    const plain = await checkAuthorizeRequest(new URLSearchParams({ ...base, response_type: "code", code_challenge: challenge, code_challenge_method: "plain" }));
    expect(new URL((plain as { location: string }).location).searchParams.get("error")).toBe("invalid_request");
  });

  it("ui_locales_supported: each language, as ui_locales on the authorization request, is remembered for that sign-in's pages", async () => {
    expect(list("ui_locales_supported")).toEqual(["en", "es", "ar"]);
    for (const locale of list("ui_locales_supported")) {
      const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", scope: "openid", ui_locales: `fr-CA ${locale}` });
      const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
      expect({ locale, status: response.status, cookie: response.headers.get("set-cookie")?.split(";")[0] }).toEqual({ locale, status: 302, cookie: `tg_locale=${locale}` });
    }
    // A request without a language the pages have forgets an earlier choice (the browser's language applies).
    const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", scope: "openid", ui_locales: "fr" });
    expect((await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`, { headers: { cookie: "tg_locale=es" } }))).headers.get("set-cookie")).toMatch(/^tg_locale=; Max-Age=0;/);
    // Nothing picked and nothing remembered: no cookie at all.
    expect((await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`))).headers.get("set-cookie")).toBeNull();
  });

  it("authorization_response_iss_parameter_supported: redirects carry iss (RFC 9207)", async () => {
    expect(doc.authorization_response_iss_parameter_supported).toBe(true);
    const outcome = await checkAuthorizeRequest(new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "token" }));
    expect(new URL((outcome as { location: string }).location).searchParams.get("iss")).toBe(BASE_URL);
  });

  it("request_parameter_supported / request_uri_parameter_supported false: request objects are refused as such (Core §6)", async () => {
    expect(doc.request_parameter_supported).toBe(false);
    expect(doc.request_uri_parameter_supported).toBe(false);
    // The claims parameter is supported (verified_claims, tests/api/scopes-and-claims.test.ts).
    expect(doc.claims_parameter_supported).toBe(true);
    const base = { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code" };
    const byValue = await checkAuthorizeRequest(new URLSearchParams({ ...base, request: "eyJhbGciOiJub25lIn0.e30." }));
    expect(new URL((byValue as { location: string }).location).searchParams.get("error")).toBe("request_not_supported");
    const byReference = await checkAuthorizeRequest(new URLSearchParams({ ...base, request_uri: "https://rp.example/request.jwt" }));
    expect(new URL((byReference as { location: string }).location).searchParams.get("error")).toBe("request_uri_not_supported");
  });

  it("claims_supported: every claim listed appears in an ID token, an access token or userinfo", async () => {
    await db().user.update({ where: { id: user.id }, data: { email: "grace@example.com" } });
    const tokens = await signIn(partner, user, { scope: "openid phone email profile address", nonce: "n-1" });
    const info = (await (await userinfoRoute(apiRequest("/v1/oauth/userinfo", { headers: { Authorization: `Bearer ${tokens.access_token}` } }))).json()) as Record<string, unknown>;
    const seen = new Set([...Object.keys(decodeJwt(tokens.id_token!)), ...Object.keys(info)]);
    // sid comes with a browser session (tests/api/sessions.test.ts); verified_claims only for a verified
    // user (tests/api/scopes-and-claims.test.ts); address only once the user has one on file.
    const elsewhere = new Set(["sid", "verified_claims", "address"]);
    expect(list("claims_supported").filter((claim) => !seen.has(claim) && !elsewhere.has(claim))).toEqual([]);
    expect(list("subject_types_supported")).toEqual(["public"]);
    expect(list("claim_types_supported")).toEqual(["normal"]);
  });

  it("revocation_endpoint_auth_methods_supported includes none: a public client revokes with its client_id", async () => {
    expect(list("revocation_endpoint_auth_methods_supported")).toContain("none");
    const spa = await createTestClient({ type: "public" });
    const tokens = await signIn(spa, user, { scope: "openid offline_access" });
    const revoked = await revokeRoute(formRequest("/v1/oauth/revoke", { token: tokens.refresh_token!, client_id: spa.client_id }));
    expect(revoked.status).toBe(200);
    expect((await refresh(spa, tokens.refresh_token!)).body.error).toBe("invalid_grant");
  });
});
