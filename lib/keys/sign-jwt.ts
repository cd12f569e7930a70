// Compact JWS (RFC 7515) with ES256 and RS256 through node:crypto: synchronous, and several times
// cheaper per token than WebCrypto's asynchronous sign, which hands every signature to a job queue.
// Tokens are verified with jose as usual; a unit test checks the two agree.
import { KeyObject, sign } from "node:crypto";
import type { CryptoKey } from "jose";

export type JwsAlg = "ES256" | "RS256";

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = KeyObject.from(key as unknown as Parameters<typeof KeyObject.from>[0]);
    keyObjects.set(key, object);
  }
  return object;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A compact JWS: ES256 (ECDSA P-256, raw r||s) or RS256 (RSASSA-PKCS1-v1_5 with SHA-256). */
export function signJwt(alg: JwsAlg, header: { kid: string; typ: string }, payload: object, privateKey: CryptoKey | KeyObject): string {
  const input = `${base64url(JSON.stringify({ alg, ...header }))}.${base64url(JSON.stringify(payload))}`;
  const key = privateKey instanceof KeyObject ? privateKey : keyObject(privateKey);
  // JWS wants the raw r||s ECDSA signature (IEEE P1363), not DER; RSA keys sign PKCS#1 v1.5 by default.
  const signature = alg === "ES256" ? sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }) : sign("sha256", Buffer.from(input), key);
  return `${input}.${base64url(signature)}`;
}

export function signEs256Jwt(header: { kid: string; typ: string }, payload: object, privateKey: CryptoKey | KeyObject): string {
  return signJwt("ES256", header, payload, privateKey);
}
