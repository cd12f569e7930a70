// JWT access tokens (RFC 9068): ES256 with the active key, `typ: at+jwt`, and a row per jti so a
// token can be revoked and introspected before it expires.
import { randomToken } from "@/lib/crypto/random";
import { errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from "jose";
import { signEs256Jwt } from "@/lib/keys/sign-jwt";
import { MAX_TOKEN_LENGTH } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import type { AuthMethod } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { activeSigningKey, SIGNING_ALG, verificationKey } from "@/lib/keys/signing-keys";
import { accessTokenTtlS } from "./lifetimes";
import { accessTokenRow } from "./token-store";

export const ACCESS_TOKEN_TYP = "at+jwt";

export interface AccessTokenClaims {
  iss: string;
  /** The user id, or the client id for client_credentials tokens. */
  sub: string;
  aud: string;
  client_id: string;
  exp: number;
  iat: number;
  jti: string;
  scope: string;
  /** User tokens only. */
  auth_method?: AuthMethod;
  auth_time?: number;
  /** RFC 9449 §6.1: the DPoP key the token is bound to (sender-constrained). */
  cnf?: { jkt: string };
}

export type UserAccessTokenClaims = AccessTokenClaims & { auth_method: AuthMethod; auth_time: number };

export function isUserAccessToken(claims: AccessTokenClaims): claims is UserAccessTokenClaims {
  return claims.auth_method !== undefined;
}

export interface AccessTokenInput {
  clientId: string;
  /** Null for client_credentials tokens (the subject is then the client). */
  user: { id: string; authMethod: AuthMethod; authTime: Date } | null;
  scope: string;
  familyId: string | null;
  authorizationCodeId: string | null;
  /** Bind the token to this DPoP key (RFC 9449 §6). */
  dpopJkt?: string | null;
}

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
  /** The row to store in the same transaction that hands the token out. */
  record: Prisma.AccessTokenUncheckedCreateInput;
}

export async function signAccessToken(input: AccessTokenInput): Promise<SignedAccessToken> {
  const key = await activeSigningKey();
  const expiresIn = accessTokenTtlS();
  const iat = Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: publicUrl(),
    sub: input.user?.id ?? input.clientId,
    aud: input.clientId,
    client_id: input.clientId,
    exp: iat + expiresIn,
    iat,
    jti: randomToken(16),
    scope: input.scope,
    ...(input.user ? { auth_method: input.user.authMethod, auth_time: Math.floor(input.user.authTime.getTime() / 1000) } : {}),
    ...(input.dpopJkt ? { cnf: { jkt: input.dpopJkt } } : {}),
  };
  const token = signEs256Jwt({ kid: key.kid, typ: ACCESS_TOKEN_TYP }, claims, key.privateKey);
  return {
    token,
    expiresIn,
    record: {
      jti: claims.jti,
      clientId: input.clientId,
      userId: input.user?.id ?? null,
      scope: input.scope,
      familyId: input.familyId,
      authorizationCodeId: input.authorizationCodeId,
      expiresAt: new Date(claims.exp * 1000),
    },
  };
}

async function keyFor(header: JWTHeaderParameters) {
  const key = header.kid ? await verificationKey(header.kid) : null;
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

function hasClaimShapes(payload: JWTPayload): payload is JWTPayload & AccessTokenClaims {
  const p = payload as Record<string, unknown>;
  return (
    typeof p.sub === "string" &&
    typeof p.client_id === "string" &&
    // RFC 9068 §4 / RFC 8725 §3.9: the audience is the client the token was issued to, nothing else.
    p.aud === p.client_id &&
    typeof p.jti === "string" &&
    typeof p.scope === "string" &&
    typeof p.exp === "number" &&
    typeof p.iat === "number" &&
    (p.auth_method === undefined || typeof p.auth_time === "number") &&
    (p.cnf === undefined || (typeof p.cnf === "object" && p.cnf !== null && typeof (p.cnf as { jkt?: unknown }).jkt === "string"))
  );
}

/**
 * Access tokens whose signature and claims checked out, by their exact text (bounded, oldest out
 * first). Partners present or introspect the same token on every call until it expires; ECDSA
 * verification (≈80 µs) is the largest cost of an introspection and proves nothing new the second
 * time. What can change is checked on every use all the same: expiry here, the signing key still
 * being published here, revocation by the caller (the token's row, isAccessTokenLive).
 */
const VERIFIED_CACHE_SIZE = 10_000;
const globalForVerified = globalThis as unknown as { trustgateVerifiedTokens?: Map<string, { kid: string; claims: AccessTokenClaims }> };

async function cachedClaims(token: string): Promise<AccessTokenClaims | null | undefined> {
  const verified = globalForVerified.trustgateVerifiedTokens?.get(token);
  if (!verified) return undefined;
  if (verified.claims.exp * 1000 <= Date.now() || !(await verificationKey(verified.kid))) {
    globalForVerified.trustgateVerifiedTokens!.delete(token);
    return null;
  }
  return verified.claims;
}

function rememberVerified(token: string, kid: string, claims: AccessTokenClaims): void {
  const cache = (globalForVerified.trustgateVerifiedTokens ??= new Map());
  if (cache.size >= VERIFIED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(token, { kid, claims });
}

/** Checks the signature, issuer, type and expiry; null for anything that is not our access token. */
export async function decodeAccessToken(token: string): Promise<AccessTokenClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) return null;
  const cached = await cachedClaims(token);
  if (cached !== undefined) return cached;
  try {
    const { payload, protectedHeader } = await jwtVerify(token, keyFor, { issuer: publicUrl(), typ: ACCESS_TOKEN_TYP, algorithms: [SIGNING_ALG] });
    if (!hasClaimShapes(payload)) return null;
    rememberVerified(token, protectedHeader.kid!, Object.freeze(payload));
    return payload;
  } catch (error) {
    // Only token problems mean "not valid"; anything else (database down) must surface as a 5xx.
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/** A valid, unexpired, unrevoked access token issued by this server, or null. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  const claims = await decodeAccessToken(token);
  return claims && (await isAccessTokenLive(claims)) ? claims : null;
}

/** The token's row says it is neither revoked nor expired (the signature was checked already). */
export async function isAccessTokenLive(claims: AccessTokenClaims): Promise<boolean> {
  const row = await accessTokenRow(claims.jti);
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return false;
  return row.clientId === claims.client_id && row.userId === (isUserAccessToken(claims) ? claims.sub : null);
}
