// Validated authorize requests, kept server-side while the user signs in: the hosted pages carry
// only an unguessable id, so no parameter can be altered between the steps.
import { AUTHORIZATION_REQUEST_TTL_S } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
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

/** The stored request as createAuthorizationRequest writes it (the row, so the caller need not read it back). */
export async function storeAuthorizationRequest(data: NewAuthorizationRequest): Promise<AuthorizationRequest> {
  const id = randomToken(16);
  return db().authorizationRequest.create({ data: { ...data, id, expiresAt: new Date(Date.now() + AUTHORIZATION_REQUEST_TTL_S * 1000) } });
}

/** The pending request with this id, or null when unknown, expired or already answered. */
export async function loadAuthorizationRequest(id: string): Promise<AuthorizationRequest | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const request = await db().authorizationRequest.findUnique({ where: { id } });
  if (!request || request.completedAt || request.expiresAt <= new Date()) return null;
  return request;
}

/** Marks the request answered; exactly one caller wins, so one request yields at most one code. */
export async function completeAuthorizationRequest(id: string): Promise<boolean> {
  const { count } = await db().authorizationRequest.updateMany({ where: { id, completedAt: null, expiresAt: { gt: new Date() } }, data: { completedAt: new Date() } });
  return count === 1;
}
