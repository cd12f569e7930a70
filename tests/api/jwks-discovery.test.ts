import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { activeSigningKey, ensureSigningKey, ensureSigningKeys, forgetSigningKeys, rotateSigningKey } from "@/lib/keys/signing-keys";
import { apiRequest, BASE_URL } from "../support/fixtures";

async function jwks() {
  const response = await jwksRoute(apiRequest("/.well-known/jwks.json"));
  expect(response.status).toBe(200);
  return { response, body: (await response.json()) as { keys: Record<string, unknown>[] } };
}

describe("signing keys and JWKS", () => {
  it("creates one ES256 and one RS256 key on first start, idempotently and under concurrency", async () => {
    const kids = await Promise.all(Array.from({ length: 5 }, () => ensureSigningKey()));
    expect(new Set(kids).size).toBe(1);
    const active = await db().signingKey.findMany({ where: { status: "active" }, select: { alg: true } });
    expect(active.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
  });

  it("a database from before RS256 gets its RSA key on the next start, the EC key untouched", async () => {
    const rsa = await db().signingKey.findFirstOrThrow({ where: { status: "active", alg: "RS256" } });
    await db().signingKey.delete({ where: { kid: rsa.kid } });
    forgetSigningKeys();
    const es256 = await ensureSigningKey();
    const kids = await ensureSigningKeys();
    expect(kids.ES256).toBe(es256);
    expect(kids.RS256).not.toBe(rsa.kid);
    expect((await activeSigningKey("RS256")).kid).toBe(kids.RS256);
  });

  it("publishes public keys only, with kid, alg and use: the EC key first, then the RSA key (≥ 2048 bits)", async () => {
    forgetSigningKeys();
    const { response, body } = await jwks();
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(body.keys).toHaveLength(2);
    const [ec, rsa] = body.keys;
    expect(ec).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(rsa).toMatchObject({ kty: "RSA", e: "AQAB", alg: "RS256", use: "sig" });
    expect(Buffer.from(String(rsa!.n), "base64url").length * 8).toBeGreaterThanOrEqual(2048);
    for (const key of body.keys) {
      expect(key).toHaveProperty("kid");
      for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(secret);
    }
  });

  it("stores the private keys encrypted", async () => {
    for (const row of await db().signingKey.findMany({ where: { status: "active" } })) {
      expect(row.privateKeyEnc).not.toContain('"d"');
      expect(JSON.parse(decryptSecret(row.privateKeyEnc, "signing-key"))).toHaveProperty("d");
    }
  });

  it("tokens signed with the active key verify against the published JWKS, across a rotation", async () => {
    forgetSigningKeys();
    const before = await activeSigningKey();
    const beforeRsa = await activeSigningKey("RS256");
    const token = await new SignJWT({ scope: "test" }).setProtectedHeader({ alg: "ES256", kid: before.kid }).setIssuer(BASE_URL).setExpirationTime("5m").sign(before.privateKey);
    const rsaToken = await new SignJWT({ scope: "test" }).setProtectedHeader({ alg: "RS256", kid: beforeRsa.kid }).setIssuer(BASE_URL).setExpirationTime("5m").sign(beforeRsa.privateKey);

    // `trustgate keys rotate` rotates both.
    const rotated = await rotateSigningKey({ type: "cli" });
    expect(rotated.retired.sort()).toEqual([before.kid, beforeRsa.kid].sort());
    forgetSigningKeys();
    const { body } = await jwks();
    expect(body.keys.map((key) => key.kid).slice(0, 2)).toEqual([rotated.kids.ES256, rotated.kids.RS256]);
    expect(
      body.keys
        .map((key) => key.kid)
        .slice(2)
        .sort(),
    ).toEqual([before.kid, beforeRsa.kid].sort());

    const keySet = createLocalJWKSet(body as never);
    expect((await jwtVerify(token, keySet, { issuer: BASE_URL })).protectedHeader.kid).toBe(before.kid);
    expect((await jwtVerify(rsaToken, keySet, { issuer: BASE_URL })).protectedHeader.kid).toBe(beforeRsa.kid);
    expect((await activeSigningKey()).kid).toBe(rotated.kids.ES256);
    expect((await activeSigningKey("RS256")).kid).toBe(rotated.kids.RS256);
  });
});

describe("JWKS as a prebuilt, cacheable document", () => {
  const ask = (headers: Record<string, string> = {}) => jwksRoute(apiRequest("/.well-known/jwks.json", { headers }));

  it("carries a strong ETag of its bytes and answers 304 without them to a cache that presents it", async () => {
    forgetSigningKeys();
    const first = await ask();
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const text = await first.text();
    expect((await (await ask()).text()) === text && (await ask()).headers.get("etag")).toBe(etag);
    for (const presented of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const cached = await ask({ "If-None-Match": presented });
      expect(cached.status, presented).toBe(304);
      expect(cached.headers.get("etag")).toBe(etag);
      expect(cached.headers.get("cache-control")).toBe("public, max-age=300");
      expect(cached.headers.get("access-control-allow-origin")).toBe("*");
      expect(await cached.text()).toBe("");
    }
    const stale = await ask({ "If-None-Match": '"not-this-one"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(text);
  });

  it("a rotation changes the document and its ETag: the old tag gets the new keys", async () => {
    forgetSigningKeys();
    const before = (await ask()).headers.get("etag")!;
    await rotateSigningKey({ type: "cli" });
    const after = await ask({ "If-None-Match": before });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(((await after.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(2);
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
    expect(doc.id_token_signing_alg_values_supported).toEqual(["ES256", "RS256"]);
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.subject_types_supported).toEqual(["public"]);
  });
});
