import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { activeSigningKey, ensureSigningKey, forgetSigningKeys, rotateSigningKey } from "@/lib/keys/signing-keys";
import { apiRequest, BASE_URL } from "../support/fixtures";

async function jwks() {
  const response = await jwksRoute(apiRequest("/.well-known/jwks.json"));
  expect(response.status).toBe(200);
  return { response, body: (await response.json()) as { keys: Record<string, unknown>[] } };
}

describe("signing keys and JWKS", () => {
  it("creates one ES256 key on first start, idempotently and under concurrency", async () => {
    const kids = await Promise.all(Array.from({ length: 5 }, () => ensureSigningKey()));
    expect(new Set(kids).size).toBe(1);
    expect(await db().signingKey.count({ where: { status: "active" } })).toBe(1);
  });

  it("publishes public keys only, with kid, alg and use", async () => {
    const { response, body } = await jwks();
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(key).toHaveProperty("kid");
    expect(key).not.toHaveProperty("d");
  });

  it("stores the private key encrypted", async () => {
    const row = await db().signingKey.findFirstOrThrow({ where: { status: "active" } });
    expect(row.privateKeyEnc).not.toContain('"d"');
    expect(JSON.parse(decryptSecret(row.privateKeyEnc, "signing-key"))).toHaveProperty("d");
  });

  it("tokens signed with the active key verify against the published JWKS, across a rotation", async () => {
    const before = await activeSigningKey();
    const token = await new SignJWT({ scope: "test" }).setProtectedHeader({ alg: "ES256", kid: before.kid }).setIssuer(BASE_URL).setExpirationTime("5m").sign(before.privateKey);

    const rotated = await rotateSigningKey({ type: "cli" });
    expect(rotated.retired).toEqual([before.kid]);
    forgetSigningKeys();
    const { body } = await jwks();
    expect(body.keys.map((key) => key.kid)).toEqual([rotated.kid, before.kid]);

    const keySet = createLocalJWKSet(body as never);
    const verified = await jwtVerify(token, keySet, { issuer: BASE_URL });
    expect(verified.protectedHeader.kid).toBe(before.kid);
    expect((await activeSigningKey()).kid).toBe(rotated.kid);
    expect(await db().auditEvent.count({ where: { type: { in: ["signing_key.created", "signing_key.retired"] } } })).toBe(3);
  });
});

describe("OpenID discovery", () => {
  it("describes this server with TRUSTGATE_URL as issuer", async () => {
    const response = await discoveryRoute(apiRequest("/.well-known/openid-configuration"));
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(BASE_URL);
    expect(doc.jwks_uri).toBe(`${BASE_URL}/.well-known/jwks.json`);
    expect(doc.token_endpoint).toBe(`${BASE_URL}/v1/oauth/token`);
    expect(doc.authorization_endpoint).toBe(`${BASE_URL}/login/oauth/authorize`);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["ES256"]);
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.subject_types_supported).toEqual(["public"]);
  });
});
