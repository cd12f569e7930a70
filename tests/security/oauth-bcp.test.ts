// RFC 9700 (OAuth 2.0 Security BCP) authorization-server requirements and ASVS 5.0 V10 (OAuth),
// V7 (sessions) and V6 (out-of-band codes) items, one test per requirement, named after it.
// docs/security.md maps every name to the requirement text. Route handlers, fresh database.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { GET as userRoute } from "@/app/v1/user/route";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { AUTHORIZATION_CODE_TTL_S, SMS_CODE_TTL_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { requestSignInCode, verifySignInCode } from "@/lib/sms/sign-in-code";
import { apiRequest, basicAuth, BASE_URL, createTestClient } from "../support/fixtures";
import { createTestUser, introspect, mintCode, pkcePair, postToken, redeemCode, refresh, revoke, signIn, type TestUser } from "../support/oauth-fixtures";

let partner: CreatedClient;
let other: CreatedClient;
let app: CreatedClient;
let user: TestUser;
const APP_REDIRECT = "com.example.app:/cb";

beforeAll(async () => {
  [partner, other, app] = await Promise.all([createTestClient(), createTestClient(), createTestClient({ type: "public", redirectUris: [APP_REDIRECT] })]);
  user = await createTestUser();
});

function authorize(query: Record<string, string>) {
  return authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams(query)}`));
}

function bearer(path: string, token: string) {
  return apiRequest(path, { headers: { Authorization: `Bearer ${token}` } });
}

const errorOf = (response: Response) => new URL(response.headers.get("location")!, BASE_URL).searchParams;

describe("RFC 9700 §2 best practices", () => {
  it("rfc9700-2.1.1-pkce-required-for-public-clients", async () => {
    const response = await authorize({ client_id: app.client_id, redirect_uri: APP_REDIRECT, response_type: "code", state: "s" });
    expect(response.status).toBe(302);
    expect(errorOf(response).get("error")).toBe("invalid_request");
    expect(errorOf(response).get("error_description")).toMatch(/PKCE/);
    // And a public client's code minted without a challenge is refused at the token endpoint.
    const code = await mintCode(app, user, { redirectUri: APP_REDIRECT });
    expect((await redeemCode(app, code, { redirectUri: APP_REDIRECT })).body.error).toBe("invalid_grant");
  });

  it("rfc9700-2.1.1-pkce-s256-only", async () => {
    const plain = await authorize({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", code_challenge: "a".repeat(43), code_challenge_method: "plain" });
    expect(errorOf(plain).get("error")).toBe("invalid_request");
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("rfc9700-2.1.1-pkce-verifier-enforced", async () => {
    const { challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const wrong = await redeemCode(partner, code, { verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
    const missing = await redeemCode(partner, await mintCode(partner, user, { challenge }));
    expect(missing.body.error).toBe("invalid_grant");
  });

  it("rfc9700-2.1.2-implicit-grant-refused", async () => {
    for (const responseType of ["token", "id_token", "code token", "id_token token"]) {
      const response = await authorize({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: responseType });
      expect(errorOf(response).get("error")).toBe("unsupported_response_type");
      expect(response.headers.get("location")).not.toMatch(/access_token=/);
    }
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.response_types_supported).toEqual(["code"]);
  });

  it("rfc9700-2.2.2-refresh-tokens-rotated", async () => {
    const first = await signIn(partner, user, { scope: "openid offline_access" });
    const second = await refresh(partner, first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeTruthy();
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
  });

  it("rfc9700-2.3-access-token-privilege-restriction", async () => {
    // Scope can be narrowed on refresh but never widened; a token without openid reads no userinfo.
    const tokens = await signIn(partner, user, { scope: "openid offline_access" });
    expect((await refresh(partner, tokens.refresh_token!, "openid phone offline_access")).body.error).toBe("invalid_scope");
    const narrowed = await refresh(partner, tokens.refresh_token!, "offline_access");
    expect(narrowed.body.scope).toBe("offline_access");
    expect((await userinfoRoute(bearer("/v1/oauth/userinfo", narrowed.body.access_token))).status).toBe(403);
  });

  it("rfc9700-2.4-password-grant-refused", async () => {
    const result = await postToken(partner, { grant_type: "password", username: user.phone, password: "x" });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("unsupported_grant_type");
  });

  it("rfc9700-2.5-confidential-clients-authenticate", async () => {
    const code = await mintCode(partner, user);
    const { POST: tokenRoute } = await import("@/app/v1/oauth/token/route");
    const { formRequest } = await import("../support/fixtures");
    const noSecret = await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]!, client_id: partner.client_id }));
    expect(noSecret.status).toBe(401);
    const wrongSecret = await tokenRoute(
      formRequest("/v1/oauth/token", { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]! }, { headers: { Authorization: basicAuth(partner.client_id, "x".repeat(43)) } }),
    );
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toBe("invalid_client");
    // The code was not spent by the failed attempts.
    expect((await redeemCode(partner, code)).status).toBe(200);
  });
});

describe("RFC 9700 §4 attacks and mitigations", () => {
  it("rfc9700-4.1.3-exact-redirect-uri-match", async () => {
    for (const uri of [`${partner.redirect_uris[0]}/`, partner.redirect_uris[0]!.toUpperCase(), `${partner.redirect_uris[0]}?a=1`]) {
      const response = await authorize({ client_id: partner.client_id, redirect_uri: uri, response_type: "code" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
    }
  });

  it("rfc9700-4.2.4-code-single-use", async () => {
    const code = await mintCode(partner, user, { scope: "openid offline_access" });
    const first = await redeemCode(partner, code);
    expect(first.status).toBe(200);
    const second = await redeemCode(partner, code);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    // The replay revokes what the first use issued.
    expect((await introspect(partner, first.body.access_token)).body.active).toBe(false);
    expect((await refresh(partner, first.body.refresh_token!)).body.error).toBe("invalid_grant");
  });

  it("rfc9700-4.4.2-iss-in-authorization-response", async () => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "token", state: "s" });
    expect(errorOf(response).get("iss")).toBe(BASE_URL);
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.issuer).toBe(BASE_URL);
  });

  it("rfc9700-4.5-code-bound-to-client-and-redirect-uri", async () => {
    const code = await mintCode(partner, user);
    expect((await redeemCode(other, code, { redirectUri: partner.redirect_uris[0]! })).body.error).toBe("invalid_grant");
    expect((await redeemCode(partner, code, { redirectUri: "https://evil.example/cb" })).body.error).toBe("invalid_grant");
  });

  it("rfc9700-4.7-state-returned-unchanged", async () => {
    const state = `st-${randomBytes(8).toString("hex")}`;
    const response = await authorize({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "token", state });
    expect(errorOf(response).get("state")).toBe(state);
  });

  it("rfc9700-4.8-pkce-downgrade-refused", async () => {
    const code = await mintCode(partner, user);
    const result = await redeemCode(partner, code, { verifier: pkcePair().verifier });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
  });

  it("rfc9700-4.10-access-token-audience-restricted", async () => {
    // Without an RFC 8707 resource the audience is Trustgate's own APIs (the issuer, RFC 9068 §3),
    // never another resource; another partner's introspection of it is inactive. Tokens for a
    // partner's resource are refused by Trustgate's APIs (tests/api/resource-indicators.test.ts).
    const tokens = await signIn(partner, user);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims.aud).toBe(BASE_URL);
    expect(claims.client_id).toBe(partner.client_id);
    expect((await introspect(other, tokens.access_token)).body.active).toBe(false);
    expect((await introspect(partner, tokens.access_token)).body.active).toBe(true);
  });

  it("rfc9700-4.11.2-no-redirect-to-unverified-uri", async () => {
    const response = await authorize({ client_id: "unknown-client", redirect_uri: "https://evil.example/cb", response_type: "code", scope: "not-a-scope" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  it("rfc9700-4.14.2-refresh-rotation-reuse-revokes-family", async () => {
    const first = await signIn(partner, user, { scope: "openid offline_access" });
    const second = await refresh(partner, first.refresh_token!);
    expect(second.status).toBe(200);
    const replay = await refresh(partner, first.refresh_token!);
    expect(replay.body.error).toBe("invalid_grant");
    // The whole family is dead: the newest refresh token and its access token too.
    expect((await refresh(partner, second.body.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await introspect(partner, second.body.access_token)).body.active).toBe(false);
  });

  it("rfc9700-4.15-client-cannot-impersonate-resource-owner", async () => {
    // A client_credentials token's subject is the client itself and is no user token anywhere.
    const cc = await postToken(partner, { grant_type: "client_credentials" });
    expect(cc.status).toBe(200);
    const claims = JSON.parse(Buffer.from(cc.body.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims.sub).toBe(partner.client_id);
    expect((await userRoute(bearer("/v1/user", cc.body.access_token))).status).toBe(403);
    expect((await userinfoRoute(bearer("/v1/oauth/userinfo", cc.body.access_token))).status).toBe(403);
    // Client ids are generated by Trustgate and cannot collide with user ids (UUIDs).
    expect(partner.client_id).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe("ASVS 5.0 V10 OAuth authorization server", () => {
  it("asvs-10.4.1-redirect-uri-exact-allowlist", async () => {
    const ok = await authorize({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", scope: "openid" });
    expect(ok.headers.get("location")).toMatch(/^\/login\?rid=/); // a GET without a session goes straight to the phone page
    // Another partner's registered URI is not in this partner's allowlist.
    const theirs = await authorize({ client_id: partner.client_id, redirect_uri: other.redirect_uris[0]!, response_type: "code" });
    expect(theirs.status).toBe(400);
    expect(theirs.headers.get("location")).toBeNull();
  });

  it("asvs-10.4.2-code-replay-revokes-issued-tokens", async () => {
    const code = await mintCode(partner, user);
    const first = await redeemCode(partner, code);
    await redeemCode(partner, code);
    expect((await userRoute(bearer("/v1/user", first.body.access_token))).status).toBe(401);
  });

  it("asvs-10.4.3-code-short-lived", async () => {
    expect(AUTHORIZATION_CODE_TTL_S).toBeLessThanOrEqual(60);
    const code = await mintCode(partner, user);
    await db().authorizationCode.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) }, where: { clientId: partner.client_id, consumedAt: null } });
    expect((await redeemCode(partner, code)).body.error).toBe("invalid_grant");
  });

  it("asvs-10.4.4-only-needed-grants", async () => {
    // A public client cannot use client_credentials; nobody can use password or implicit.
    const cc = await postToken(app, { grant_type: "client_credentials" });
    expect(cc.status).toBeGreaterThanOrEqual(400);
    expect(["unauthorized_client", "invalid_client"]).toContain(cc.body.error);
    expect((await postToken(partner, { grant_type: "password", username: "a", password: "b" })).body.error).toBe("unsupported_grant_type");
    expect((await postToken(partner, { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: "x" })).body.error).toBe("unsupported_grant_type");
  });

  it("asvs-10.4.5-refresh-reuse-revokes-all", async () => {
    const first = await signIn(app, user, { scope: "openid offline_access", redirectUri: APP_REDIRECT });
    const second = await refresh(app, first.refresh_token!);
    expect(second.status).toBe(200);
    expect((await refresh(app, first.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await refresh(app, second.body.refresh_token!)).body.error).toBe("invalid_grant");
  });

  it("asvs-10.4.6-pkce-mitigates-code-interception", async () => {
    // Whoever intercepts a PKCE code but not the verifier gets nothing, and the code is not spent by the attempt.
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(app, user, { challenge, redirectUri: APP_REDIRECT });
    expect((await redeemCode(app, code, { redirectUri: APP_REDIRECT })).body.error).toBe("invalid_grant");
    expect((await redeemCode(app, code, { redirectUri: APP_REDIRECT, verifier: pkcePair().verifier })).body.error).toBe("invalid_grant");
    const rightful = await redeemCode(app, code, { redirectUri: APP_REDIRECT, verifier });
    // A wrong verifier does not burn the code (a 256-bit verifier cannot be guessed in 60 s): the rightful owner still redeems it.
    expect(rightful.status).toBe(200);
  });

  it("asvs-10.3.1-resource-server-checks-audience", async () => {
    const tokens = await signIn(partner, user);
    const userinfo = await userinfoRoute(bearer("/v1/oauth/userinfo", tokens.access_token));
    expect(userinfo.status).toBe(200);
    expect((await introspect(other, tokens.access_token)).body).toEqual({ active: false });
  });
});

describe("ASVS 5.0 V7 session management and V6 out-of-band codes", () => {
  it("asvs-7.2.3-reference-tokens-128-bit-csprng", async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, () => signIn(partner, user, { scope: "openid offline_access" })));
    const refreshTokens = tokens.map((t) => t.refresh_token!);
    expect(new Set(refreshTokens).size).toBe(5);
    for (const token of refreshTokens) expect(Buffer.from(token.replace(/^[a-z]+_/, ""), "base64url").length).toBeGreaterThanOrEqual(16);
    const codes = await Promise.all(Array.from({ length: 5 }, () => mintCode(partner, user)));
    expect(new Set(codes).size).toBe(5);
    for (const code of codes) expect(Buffer.from(code.replace(/^[a-z]+_/, ""), "base64url").length).toBeGreaterThanOrEqual(16);
  });

  it("asvs-7.4.1-terminated-token-unusable", async () => {
    const tokens = await signIn(partner, user, { scope: "openid offline_access" });
    expect((await userRoute(bearer("/v1/user", tokens.access_token))).status).toBe(200);
    await revoke(partner, tokens.access_token);
    expect((await userRoute(bearer("/v1/user", tokens.access_token))).status).toBe(401);
    await revoke(partner, tokens.refresh_token!);
    expect((await refresh(partner, tokens.refresh_token!)).body.error).toBe("invalid_grant");
  });

  it("asvs-6.5.5-oob-code-lifetime-at-most-10-minutes", async () => {
    expect(SMS_CODE_TTL_S).toBeLessThanOrEqual(600);
    const phone = "+14155550901";
    await requestSignInCode({ phone, ip: "198.51.100.90" });
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    const code = /code is (\d{6})/.exec(message!.body)![1]!;
    await db().smsCode.updateMany({ where: { phone }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await verifySignInCode({ phone, code, ip: "198.51.100.90" })).ok).toBe(false);
  });

  it("asvs-6.6.2-oob-code-bound-to-its-request", async () => {
    const phone = "+14155550902";
    const ip = "198.51.100.91";
    await requestSignInCode({ phone, ip, purpose: "phone_change" });
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    const code = /code is (\d{6})/.exec(message!.body)![1]!;
    // Not usable for sign-in (another request), only for the phone change it was sent for.
    expect((await verifySignInCode({ phone, code, ip })).ok).toBe(false);
    expect((await verifySignInCode({ phone: "+14155550903", code, ip, purpose: "phone_change" })).ok).toBe(false);
    expect((await verifySignInCode({ phone, code, ip, purpose: "phone_change" })).ok).toBe(true);
  });
});
