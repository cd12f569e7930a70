import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { signEs256Jwt, signJwt } from "@/lib/keys/sign-jwt";

describe("ES256 JWS through node:crypto", () => {
  it("produces tokens jose verifies, with the header it was given", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] });
    const token = signEs256Jwt({ kid: "k1", typ: "at+jwt" }, { sub: "u", exp: Math.floor(Date.now() / 1000) + 60 }, privateKey);
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { typ: "at+jwt", algorithms: ["ES256"] });
    expect(payload.sub).toBe("u");
    expect(protectedHeader).toEqual({ alg: "ES256", kid: "k1", typ: "at+jwt" });
    expect(decodeProtectedHeader(token).alg).toBe("ES256");
  });

  it("a tampered payload does not verify", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] });
    const [header, , signature] = signEs256Jwt({ kid: "k1", typ: "JWT" }, { sub: "u" }, privateKey).split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: "admin" })).toString("base64url")}.${signature}`;
    await expect(jwtVerify(forged, jwks)).rejects.toThrow();
  });

  it("RS256 (RSASSA-PKCS1-v1_5, SHA-256) tokens verify with jose too, and only as RS256", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "r1", alg: "RS256" }] });
    const token = signJwt("RS256", { kid: "r1", typ: "JWT" }, { sub: "u" }, privateKey);
    const { protectedHeader } = await jwtVerify(token, jwks, { algorithms: ["RS256"] });
    expect(protectedHeader).toEqual({ alg: "RS256", kid: "r1", typ: "JWT" });
    await expect(jwtVerify(token, jwks, { algorithms: ["ES256"] })).rejects.toThrow();
    // RSA key generation is slow on a loaded machine; nothing here is timed.
  }, 60_000);
});
