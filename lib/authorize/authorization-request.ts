// Validated authorize requests, kept server-side while the user signs in: the hosted pages carry
// only an unguessable id, so no parameter can be altered between the steps.
import { AUTHORIZATION_REQUEST_TTL_S } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { sql } from "@/lib/db";
import type { AuthorizationRequest } from "@/lib/db/generated/client";

export type { AuthorizationRequest };

export type NewAuthorizationRequest = Omit<AuthorizationRequest, "id" | "completedAt" | "expiresAt" | "createdAt" | "verifyForm" | "prompt" | "maxAge" | "dpopJkt" | "resources"> & {
  verifyForm?: AuthorizationRequest["verifyForm"];
  prompt?: string | null;
  maxAge?: number | null;
  /** RFC 9449 §10: bind the code to this DPoP key. */
  dpopJkt?: string | null;
  /** RFC 8707 resources (none: Trustgate's own APIs). */
  resources?: AuthorizationRequest["resources"];
};

export async function createAuthorizationRequest(data: NewAuthorizationRequest): Promise<string> {
  return (await storeAuthorizationRequest(data)).id;
}

// Plain SQL (lib/db sql()): every step of a hosted sign-in reads the request, several times over;
// through Prisma each read cost ≈1.5 ms of CPU. The columns come back as Prisma's model has them.
const columns = (t: string) => `${t}id, ${t}client_id AS "clientId", ${t}redirect_uri AS "redirectUri", ${t}scope, ${t}state, ${t}nonce, ${t}code_challenge AS "codeChallenge",
  ${t}code_challenge_method AS "codeChallengeMethod", ${t}user_intent_id AS "userIntentId", ${t}expected_user_id AS "expectedUserId", ${t}phone,
  ${t}phone_read_only AS "phoneReadOnly", ${t}verify_form AS "verifyForm", ${t}prompt, ${t}max_age AS "maxAge", ${t}resources, ${t}completed_at AS "completedAt",
  ${t}expires_at AS "expiresAt", ${t}created_at AS "createdAt", ${t}dpop_jkt AS "dpopJkt"`;
const COLUMNS = columns("");

const pending = (request: AuthorizationRequest | undefined) => (request && !request.completedAt && request.expiresAt > new Date() ? request : null);

/** The stored request as createAuthorizationRequest writes it (the row, so the caller need not read it back). */
export async function storeAuthorizationRequest(data: NewAuthorizationRequest): Promise<AuthorizationRequest> {
  const id = randomToken(16);
  const now = new Date();
  const [row] = await sql<AuthorizationRequest>(
    `INSERT INTO authorization_requests (id, client_id, redirect_uri, scope, state, nonce, code_challenge, code_challenge_method, user_intent_id, expected_user_id,
       phone, phone_read_only, verify_form, prompt, max_age, resources, dpop_jkt, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid, $10::uuid, $11, $12, $13::"VerificationKind", $14, $15, $16::text[], $17, $18, $19)
     RETURNING ${COLUMNS}`,
    [
      id,
      data.clientId,
      data.redirectUri,
      data.scope,
      data.state ?? null,
      data.nonce ?? null,
      data.codeChallenge ?? null,
      data.codeChallengeMethod ?? null,
      data.userIntentId ?? null,
      data.expectedUserId ?? null,
      data.phone ?? null,
      data.phoneReadOnly ?? false,
      data.verifyForm ?? null,
      data.prompt ?? null,
      data.maxAge ?? null,
      data.resources ?? [],
      data.dpopJkt ?? null,
      new Date(now.getTime() + AUTHORIZATION_REQUEST_TTL_S * 1000),
      now,
    ],
  );
  return row!;
}

/** The pending request with this id, or null when unknown, expired or already answered. */
export async function loadAuthorizationRequest(id: string): Promise<AuthorizationRequest | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const [request] = await sql<AuthorizationRequest>(`SELECT ${COLUMNS} FROM authorization_requests WHERE id = $1`, [id]);
  return pending(request);
}

/** The partner's columns a sign-in page shows (its name and branding: lib/clients/branding). */
export interface PagePartner {
  id: string;
  name: string;
  displayName: string | null;
  logoHash: string | null;
  accentColor: string | null;
  policyUri: string | null;
  tosUri: string | null;
}

/**
 * loadAuthorizationRequest, with what a sign-in page shows beside it — the partner's name and
 * branding, the phone of the user the request names — in one statement.
 */
export async function loadAuthorizationRequestForPage(id: string): Promise<{ request: AuthorizationRequest; partner: PagePartner | null; expectedPhone: string | null } | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const [row] = await sql<AuthorizationRequest & { expectedPhone: string | null; partnerName: string | null } & Omit<PagePartner, "id" | "name">>(
    `SELECT ${columns("r.")}, u.phone AS "expectedPhone", c.name AS "partnerName", c.display_name AS "displayName", c.logo_hash AS "logoHash",
       c.accent_color AS "accentColor", c.policy_uri AS "policyUri", c.tos_uri AS "tosUri"
     FROM authorization_requests r LEFT JOIN clients c ON c.id = r.client_id LEFT JOIN users u ON u.id = r.expected_user_id WHERE r.id = $1`,
    [id],
  );
  if (!pending(row)) return null;
  const { expectedPhone, partnerName, displayName, logoHash, accentColor, policyUri, tosUri, ...request } = row!;
  const partner = partnerName === null ? null : { id: request.clientId, name: partnerName, displayName, logoHash, accentColor, policyUri, tosUri };
  return { request, partner, expectedPhone };
}

/** Marks the request answered; exactly one caller wins, so one request yields at most one code. */
export async function completeAuthorizationRequest(id: string): Promise<boolean> {
  const now = new Date();
  const rows = await sql(`UPDATE authorization_requests SET completed_at = $2 WHERE id = $1 AND completed_at IS NULL AND expires_at > $2 RETURNING id`, [id, now]);
  return rows.length === 1;
}
