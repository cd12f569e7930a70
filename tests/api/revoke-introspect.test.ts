import { decodeJwt, exportJWK, generateKeyPair } from "jose";
import { randomUUID } from "node:crypto";
import { signEs256Jwt } from "@/lib/keys/sign-jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { POST as introspectRoute } from "@/app/v1/oauth/introspect/route";
import { POST as revokeRoute } from "@/app/v1/oauth/revoke/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { apiRequest, BASE_URL, basicAuth, createTestClient, formRequest } from "../support/fixtures";
import { createTestUser, introspect, postToken, refresh, revoke, signIn, type TestUser } from "../support/oauth-fixtures";

let partnerA: CreatedClient;
let partnerB: CreatedClient;
let spa: CreatedClient;
let user: TestUser;

beforeAll(async () => {
  forgetSigningKeys();
  partnerA = await createTestClient();
  partnerB = await createTestClient();
  spa = await createTestClient({ type: "public" });
  user = await createTestUser();
});

describe("token introspection (RFC 7662)", () => {
  it("describes an active user access token to the client it was issued to", async () => {
    const tokens = await signIn(partnerA, user, { scope: "openid phone" });
    const { status, headers, body } = await introspect(partnerA, tokens.access_token);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    const claims = decodeJwt(tokens.access_token);
    expect(body).toEqual({
      active: true,
      scope: "openid phone",
      client_id: partnerA.client_id,
      sub: user.id,
      aud: BASE_URL,
      exp: claims.exp,
      iat: claims.iat,
      iss: BASE_URL,
      jti: claims.jti,
      token_type: "Bearer",
      auth_method: "sms_otp",
      auth_time: claims.auth_time,
    });
  });

  it("describes an active refresh token, and a client_credentials token without auth_method", async () => {
    const tokens = await signIn(partnerA, user);
    expect((await introspect(partnerA, tokens.refresh_token!, "refresh_token")).body).toMatchObject({
      active: true,
      client_id: partnerA.client_id,
      sub: user.id,
      token_type: "refresh_token",
      auth_method: "sms_otp",
    });
    const partnerToken = (await postToken(partnerA, { grant_type: "client_credentials" })).body.access_token;
    const described = (await introspect(partnerA, partnerToken)).body;
    expect(described).toMatchObject({ active: true, sub: partnerA.client_id, client_id: partnerA.client_id });
    expect(described).not.toHaveProperty("auth_method");
  });

  it("answers {active:false} for unknown, malformed, rotated and expired tokens", async () => {
    expect((await introspect(partnerA, "tgr_unknown")).body).toEqual({ active: false });
    expect((await introspect(partnerA, "a.b.c")).body).toEqual({ active: false });
    const tokens = await signIn(partnerA, user);
    await refresh(partnerA, tokens.refresh_token!);
    expect((await introspect(partnerA, tokens.refresh_token!)).body).toEqual({ active: false });

    process.env.TRUSTGATE_ACCESS_TOKEN_TTL = "1";
    try {
      const shortLived = (await postToken(partnerA, { grant_type: "client_credentials" })).body.access_token;
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await introspect(partnerA, shortLived)).body).toEqual({ active: false });
    } finally {
      delete process.env.TRUSTGATE_ACCESS_TOKEN_TTL;
    }
  });

  it("requires client authentication, and public clients cannot introspect", async () => {
    const tokens = await signIn(spa, user);
    const anonymous = await introspectRoute(formRequest("/v1/oauth/introspect", { token: tokens.access_token }));
    expect(anonymous.status).toBe(401);
    const publicClient = await introspect(spa, tokens.access_token);
    expect(publicClient.status).toBe(401);
    expect(publicClient.body).toMatchObject({ error: "invalid_client" });
  });

  it("requires the token parameter", async () => {
    const response = await introspectRoute(formRequest("/v1/oauth/introspect", {}, { headers: { Authorization: basicAuth(partnerA.client_id, partnerA.client_secret!) } }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
  });
});

describe("token revocation (RFC 7009)", () => {
  it("revokes an access token: it turns inactive at once, the rest of the grant lives on", async () => {
    const tokens = await signIn(partnerA, user);
    const result = await revoke(partnerA, tokens.access_token, "access_token");
    expect(result.status).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect((await introspect(partnerA, tokens.access_token)).body).toEqual({ active: false });
    expect((await refresh(partnerA, tokens.refresh_token!)).status).toBe(200);
    expect(await db().auditEvent.count({ where: { type: "access_token.revoked", subjectId: decodeJwt(tokens.access_token).jti } })).toBe(1);
  });

  it("revokes a refresh token together with its whole family (any hint, or a wrong one)", async () => {
    const tokens = await signIn(partnerA, user);
    const rotated = await refresh(partnerA, tokens.refresh_token!);
    expect((await revoke(partnerA, rotated.body.refresh_token!, "access_token")).status).toBe(200);
    expect((await refresh(partnerA, rotated.body.refresh_token!)).body.error).toBe("invalid_grant");
    for (const access of [tokens.access_token, rotated.body.access_token]) expect((await introspect(partnerA, access)).body).toEqual({ active: false });
    expect(await db().auditEvent.count({ where: { type: "refresh_token.revoked", clientId: partnerA.client_id } })).toBe(1);
  });

  it("answers 200 for unknown tokens and changes nothing", async () => {
    const before = await db().auditEvent.count();
    expect((await revoke(partnerA, "tgr_never-issued")).status).toBe(200);
    expect((await revoke(partnerA, "not.a.token")).status).toBe(200);
    expect(await db().auditEvent.count()).toBe(before);
  });

  it("lets a public client revoke its own tokens with its client_id", async () => {
    const tokens = await signIn(spa, user);
    expect((await revoke(spa, tokens.refresh_token!)).status).toBe(200);
    expect((await refresh(spa, tokens.refresh_token!)).body.error).toBe("invalid_grant");
  });

  it("requires client authentication", async () => {
    const tokens = await signIn(partnerA, user);
    const response = await revokeRoute(formRequest("/v1/oauth/revoke", { token: tokens.access_token }));
    expect(response.status).toBe(401);
    expect((await introspect(partnerA, tokens.access_token)).body.active).toBe(true);
  });
});

describe("cross-partner-isolation", () => {
  it("client B can neither introspect nor revoke client A's tokens", async () => {
    const tokens = await signIn(partnerA, user);
    const partnerToken = (await postToken(partnerA, { grant_type: "client_credentials" })).body.access_token;
    for (const token of [tokens.access_token, tokens.refresh_token!, partnerToken]) {
      expect((await introspect(partnerB, token)).body).toEqual({ active: false });
      expect((await revoke(partnerB, token)).status).toBe(200);
    }
    expect((await introspect(partnerA, tokens.access_token)).body.active).toBe(true);
    expect((await introspect(partnerA, tokens.refresh_token!)).body.active).toBe(true);
    expect((await introspect(partnerA, partnerToken)).body.active).toBe(true);
    expect(await db().auditEvent.count({ where: { type: { in: ["access_token.revoked", "refresh_token.revoked"] }, clientId: partnerB.client_id } })).toBe(0);
  });
});

describe("discovery", () => {
  it("advertises the token, revocation, introspection and userinfo endpoints and their auth methods", async () => {
    const doc = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      revocation_endpoint: `${BASE_URL}/v1/oauth/revoke`,
      introspection_endpoint: `${BASE_URL}/v1/oauth/introspect`,
      userinfo_endpoint: `${BASE_URL}/v1/oauth/userinfo`,
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
      request_uri_parameter_supported: false,
    });
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["auth_method", "amr", "at_hash", "nonce", "phone_number", "phone_number_verified"]));
  });
});

describe("verified-token cache (lib/oauth/access-token.ts)", () => {
  // A key of this test's own, so withdrawing it touches no other test's tokens.
  async function tokenUnderOwnKey(client: CreatedClient) {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const kid = `test-${randomUUID()}`;
    await db().signingKey.create({
      data: { kid, status: "retired", retiredAt: new Date(), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }, privateKeyEnc: "unused" },
    });
    const iat = Math.floor(Date.now() / 1000);
    const claims = { iss: BASE_URL, sub: client.client_id, aud: client.client_id, client_id: client.client_id, exp: iat + 600, iat, jti: randomUUID(), scope: "" };
    await db().accessToken.create({ data: { jti: claims.jti, clientId: client.client_id, scope: "", expiresAt: new Date(claims.exp * 1000) } });
    return { kid, jti: claims.jti, token: signEs256Jwt({ kid, typ: "at+jwt" }, claims, privateKey) };
  }

  it("a token verified once stops being accepted when its key is withdrawn, revoked, or altered by one character", async () => {
    const { kid, jti, token } = await tokenUnderOwnKey(partnerA);
    forgetSigningKeys();
    expect((await introspect(partnerA, token)).body.active).toBe(true);
    expect((await introspect(partnerA, token)).body.active).toBe(true);
    // Its signature, altered: not the cached text, so verified again, and refused.
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect((await introspect(partnerA, tampered)).body).toEqual({ active: false });
    // Another client presenting the cached token learns nothing.
    expect((await introspect(partnerB, token)).body).toEqual({ active: false });

    // The key leaves the published set (retired longer ago than keys stay published).
    await db().signingKey.update({ where: { kid }, data: { retiredAt: new Date(Date.now() - 30 * 24 * 3600 * 1000) } });
    forgetSigningKeys();
    expect((await introspect(partnerA, token)).body).toEqual({ active: false });

    const second = await tokenUnderOwnKey(partnerA);
    forgetSigningKeys();
    expect((await introspect(partnerA, second.token)).body.active).toBe(true);
    await db().accessToken.update({ where: { jti: second.jti }, data: { revokedAt: new Date() } });
    expect((await introspect(partnerA, second.token)).body).toEqual({ active: false });
    expect(jti).not.toBe(second.jti);
  });
});
