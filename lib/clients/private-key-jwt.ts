// private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9): a JWT the
// client signs with a key from its registered JWK Set. iss = sub = client_id, `aud` = our issuer
// (FAPI 2.0 clients: exactly the issuer, as a string — §5.3.2.1; others may also name the token or
// PAR endpoint), `exp` required and at most CLIENT_ASSERTION_MAX_LIFETIME_S ahead, `jti` single use.
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { CLIENT_ASSERTION_MAX_LIFETIME_S, JWT_CLOCK_SKEW_S, MAX_JWT_LENGTH } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import type { Client } from "@/lib/db/generated/client";
import { signingAlgsFor } from "@/lib/oauth/fapi2";
import { spendJti } from "@/lib/oauth/used-jti";
import { clientKeySet, keyResolver } from "./client-jwks";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** token_endpoint_auth_signing_alg_values_supported (discovery). */
export const CLIENT_ASSERTION_ALGS = ["ES256", "PS256", "EdDSA", "RS256"] as const;

/** The `sub` of an assertion, read before its signature is checked (only to find the client). */
export function assertionSubject(assertion: string): string | null {
  if (assertion.length > MAX_JWT_LENGTH) return null;
  try {
    const sub = decodeJwt(assertion).sub;
    return typeof sub === "string" && sub.length > 0 && sub.length <= 200 ? sub : null;
  } catch {
    return null;
  }
}

/** Audiences the client may name: the issuer; for non-FAPI clients also the endpoint URLs. */
function acceptedAudience(client: Pick<Client, "fapi2">, aud: unknown): boolean {
  const issuer = publicUrl();
  if (client.fapi2) return aud === issuer;
  const accepted = new Set([issuer, `${issuer}/v1/oauth/token`, `${issuer}/v1/oauth/par`]);
  const values = Array.isArray(aud) ? aud : [aud];
  return values.length > 0 && values.some((value) => typeof value === "string" && accepted.has(value));
}

/** Null when the assertion authenticates `client`; otherwise the reason (for the audit log only). */
export async function clientAssertionProblem(client: Client, assertion: string): Promise<string | null> {
  if (client.tokenEndpointAuthMethod !== "private_key_jwt") return "private_key_jwt not registered for this client";
  if (assertion.length > MAX_JWT_LENGTH || assertion.split(".").length !== 3) return "assertion is not a JWT";
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    return "assertion header malformed";
  }
  const algorithms = signingAlgsFor(client) ?? CLIENT_ASSERTION_ALGS;
  if (typeof alg !== "string" || !algorithms.includes(alg)) return `alg ${String(alg).slice(0, 16)} not allowed`;
  let payload: Record<string, unknown>;
  try {
    let jwks = await clientKeySet(client);
    if (!jwks) return "no usable jwks or jwks_uri";
    try {
      ({ payload } = await jwtVerify(assertion, keyResolver(jwks), { algorithms: [alg], issuer: client.id, subject: client.id, clockTolerance: JWT_CLOCK_SKEW_S, requiredClaims: ["exp", "jti"] }));
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !client.jwksUri) throw error;
      // The client may have rotated its keys: one refetch (rate-limited in clientKeySet).
      jwks = await clientKeySet(client, { refresh: true });
      if (!jwks) return "no usable jwks";
      ({ payload } = await jwtVerify(assertion, keyResolver(jwks), { algorithms: [alg], issuer: client.id, subject: client.id, clockTolerance: JWT_CLOCK_SKEW_S, requiredClaims: ["exp", "jti"] }));
    }
  } catch (error) {
    if (error instanceof errors.JOSEError) return `assertion rejected: ${error.code}`;
    // The jwks_uri could not be fetched or parsed: the client cannot be authenticated now.
    if (error instanceof Error) return `jwks unavailable: ${error.message.slice(0, 80)}`;
    throw error;
  }
  if (!acceptedAudience(client, payload.aud)) return "wrong aud";
  const nowS = Math.floor(Date.now() / 1000);
  const exp = payload.exp as number;
  if (exp > nowS + CLIENT_ASSERTION_MAX_LIFETIME_S + JWT_CLOCK_SKEW_S) return "exp too far in the future";
  if (typeof payload.iat === "number" && payload.iat > nowS + JWT_CLOCK_SKEW_S) return "iat in the future";
  if (typeof payload.jti !== "string" || payload.jti.length === 0 || payload.jti.length > 256) return "jti missing";
  if (!(await spendJti("client_assertion", client.id, payload.jti, new Date((exp + JWT_CLOCK_SKEW_S) * 1000)))) return "jti replayed";
  return null;
}
