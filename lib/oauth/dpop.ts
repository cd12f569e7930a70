// DPoP proofs (RFC 9449 §4.3): checked in the order of the RFC's list, the jti spent last so a
// proof that fails any other check can be corrected and resent. Used by the token and PAR
// endpoints (binding) and by resources that accept DPoP-bound tokens (with `ath`, §7).
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from "jose";
import { DPOP_NONCE_WINDOW_S, DPOP_PROOF_MAX_AGE_S, JWT_CLOCK_SKEW_S, MAX_JWT_LENGTH } from "@/lib/config/limits";
import { publicUrl, requireDpopNonce } from "@/lib/config/settings";
import { constantTimeEqual } from "@/lib/crypto/random";
import { hmacSha256Hex } from "@/lib/crypto/hmac";
import { InvalidDpopProof, UseDpopNonce } from "@/lib/errors/oauth";
import { spendJti } from "./used-jti";

/** dpop_signing_alg_values_supported (discovery). FAPI 2.0 clients: FAPI2_SIGNING_ALGS only. */
export const DPOP_SIGNING_ALGS = ["ES256", "PS256", "EdDSA", "RS256"] as const;

export interface DpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key (the `cnf.jkt` of bound tokens). */
  jkt: string;
}

export interface DpopCheck {
  /** The request's method and target URI (publicUrl() + path; no query, no fragment). */
  htm: string;
  htu: string;
  /** At a resource: the access token the proof must be bound to (`ath`, §4.3 point 12). */
  accessToken?: string;
  algorithms?: readonly string[];
  /** Errors as a resource answers them (401 with a DPoP challenge) rather than as the token endpoint. */
  resource?: boolean;
}

/** The URL of one of our endpoints as clients must name it in `htu`. */
export function endpointUrl(path: string): string {
  return `${publicUrl()}${path}`;
}

const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

function sameUri(presented: unknown, expected: string): boolean {
  if (typeof presented !== "string" || presented.length > 2048) return false;
  try {
    const url = new URL(presented);
    // §4.3 point 9: compared without query and fragment, after syntax-based normalisation.
    return `${url.origin}${url.pathname}` === new URL(expected).origin + new URL(expected).pathname;
  } catch {
    return false;
  }
}

/** Stateless nonces any instance can check: the HMAC of a time window under TRUSTGATE_SECRET. */
export function currentDpopNonce(now = Date.now()): string {
  return nonceFor(Math.floor(now / 1000 / DPOP_NONCE_WINDOW_S));
}

function nonceFor(window: number): string {
  return `${window.toString(36)}.${hmacSha256Hex("dpop-nonce", String(window)).slice(0, 32)}`;
}

function isValidNonce(nonce: unknown, now = Date.now()): boolean {
  if (typeof nonce !== "string" || nonce.length > 64) return false;
  const window = Math.floor(now / 1000 / DPOP_NONCE_WINDOW_S);
  // The current window and the one before: a nonce lives between one and two windows.
  return constantTimeEqual(nonce, nonceFor(window)) || constantTimeEqual(nonce, nonceFor(window - 1));
}

/** base64url(SHA-256(access token)): the `ath` claim (§4.2). */
export function accessTokenHash(token: string): string {
  return createHash("sha256").update(token, "ascii").digest("base64url");
}

/** The request's DPoP header: null when absent; refuses two of them. */
export function dpopHeaderOf(req: Request, resource = false): string | null {
  const value = req.headers.get("dpop");
  if (value === null) return null;
  // Headers joins repeated fields with ", ": a JWT has no comma, so one means two proofs (§4.3 point 1).
  if (value.includes(",")) throw new InvalidDpopProof("Exactly one DPoP header is allowed", { resource });
  return value.trim();
}

/** Checks the request's DPoP proof; null when the request carries none. */
export async function verifyDpopProof(req: Request, check: DpopCheck): Promise<DpopProof | null> {
  const proof = dpopHeaderOf(req, check.resource);
  if (proof === null) return null;
  return verifyDpopProofText(proof, check);
}

export async function verifyDpopProofText(proof: string, check: DpopCheck): Promise<DpopProof> {
  const invalid = (why: string) => new InvalidDpopProof(why, { resource: check.resource });
  if (proof.length > MAX_JWT_LENGTH || proof.split(".").length !== 3) throw invalid("The DPoP proof is not a JWT");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw invalid("The DPoP proof header is malformed");
  }
  if (header.typ !== "dpop+jwt") throw invalid("The DPoP proof typ must be dpop+jwt");
  const algorithms = check.algorithms ?? DPOP_SIGNING_ALGS;
  if (typeof header.alg !== "string" || !algorithms.includes(header.alg)) throw invalid(`The DPoP proof alg must be one of ${algorithms.join(", ")}`);
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== "object" || Array.isArray(jwk)) throw invalid("The DPoP proof header must carry the public key (jwk)");
  if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) throw invalid("The DPoP proof jwk must be a public key");
  if (!["EC", "RSA", "OKP"].includes(jwk.kty ?? "")) throw invalid("The DPoP proof jwk must be an EC, RSA or OKP public key");
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, { typ: "dpop+jwt", algorithms: [header.alg], clockTolerance: JWT_CLOCK_SKEW_S }));
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalid("The DPoP proof signature or key is invalid");
    throw error;
  }
  if (typeof payload.jti !== "string" || payload.jti.length < 8 || payload.jti.length > 256) throw invalid("The DPoP proof needs a jti");
  if (payload.htm !== check.htm) throw invalid("The DPoP proof htm does not match the request method");
  if (!sameUri(payload.htu, check.htu)) throw invalid("The DPoP proof htu does not match the request URI");
  const now = Date.now();
  if (payload.nonce !== undefined || requireDpopNonce()) {
    if (!isValidNonce(payload.nonce, now)) throw new UseDpopNonce(currentDpopNonce(now), { resource: check.resource });
  }
  const nowS = Math.floor(now / 1000);
  if (typeof payload.iat !== "number" || !Number.isFinite(payload.iat)) throw invalid("The DPoP proof needs an iat");
  if (payload.iat > nowS + JWT_CLOCK_SKEW_S || payload.iat < nowS - DPOP_PROOF_MAX_AGE_S - JWT_CLOCK_SKEW_S) {
    throw invalid("The DPoP proof iat is outside the accepted window");
  }
  if (check.accessToken !== undefined) {
    if (typeof payload.ath !== "string" || !constantTimeEqual(payload.ath, accessTokenHash(check.accessToken))) {
      throw invalid("The DPoP proof ath does not match the access token");
    }
  }
  const jkt = await calculateJwkThumbprint(jwk, "sha256");
  const expiresAt = new Date((payload.iat + DPOP_PROOF_MAX_AGE_S + 2 * JWT_CLOCK_SKEW_S) * 1000);
  if (!(await spendJti("dpop", jkt, payload.jti, expiresAt))) throw invalid("The DPoP proof was used before (jti replay)");
  return { jkt };
}
