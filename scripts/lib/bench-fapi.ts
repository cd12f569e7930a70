// What the FAPI cells of npm run bench sign per request (issue 17): a DPoP proof (RFC 9449) for the
// DPoP-bound client_credentials cell, a private_key_jwt client assertion (RFC 7523) for the
// private_key_jwt cell. Signed synchronously with node:crypto (ES256, P-1363 signatures), so
// autocannon's setupRequest can make a fresh one — a fresh jti — for every request.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

export interface BenchKey {
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
  kid: string;
}

export function benchKey(): BenchKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomBytes(6).toString("base64url");
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { privateKey, publicJwk: { kty: kty!, crv: crv!, x: x!, y: y! }, kid };
}

function es256Jwt(header: object, payload: object, key: KeyObject): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

export function dpopProofSync(key: BenchKey, htm: string, htu: string): string {
  return es256Jwt({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk }, { htm, htu, iat: Math.floor(Date.now() / 1000), jti: randomBytes(12).toString("base64url") }, key.privateKey);
}

export function clientAssertionSync(key: BenchKey, clientId: string, audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  return es256Jwt({ alg: "ES256", kid: key.kid }, { iss: clientId, sub: clientId, aud: audience, iat: now, exp: now + 60, jti: randomBytes(12).toString("base64url") }, key.privateKey);
}
