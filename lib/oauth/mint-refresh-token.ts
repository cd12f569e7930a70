// Refresh tokens: 256-bit random strings; only their SHA-256 is stored. A family is every token
// rotated from one grant, so reuse of any rotated member can revoke them all.
import { REFRESH_TOKEN_BYTES } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import type { AuthMethod } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { refreshTokenTtlS } from "./lifetimes";

// Recognisable in logs and secret scanners, like client secrets (tgs_).
const REFRESH_TOKEN_PREFIX = "tgr_";

export interface RefreshTokenInput {
  clientId: string;
  userId: string;
  scope: string;
  authMethod: AuthMethod;
  authTime: Date;
  familyId: string;
  authorizationCodeId: string | null;
  deviceId?: string | null;
  /** RFC 9449 §5: a public client's refresh token is bound to its DPoP key. */
  dpopJkt?: string | null;
  /** RFC 8707 resources of the grant. */
  resources?: string[];
  /** The end-user session behind the grant and its `amr`: refreshed ID tokens repeat them (Core §12.2). */
  sessionId?: string | null;
  amr?: string[] | null;
}

export function mintRefreshToken(input: RefreshTokenInput): { token: string; record: Prisma.RefreshTokenUncheckedCreateInput } {
  const token = REFRESH_TOKEN_PREFIX + randomToken(REFRESH_TOKEN_BYTES);
  return {
    token,
    record: {
      tokenHash: hashRefreshToken(token),
      familyId: input.familyId,
      clientId: input.clientId,
      userId: input.userId,
      scope: input.scope,
      authMethod: input.authMethod,
      authTime: input.authTime,
      authorizationCodeId: input.authorizationCodeId,
      deviceId: input.deviceId ?? null,
      dpopJkt: input.dpopJkt ?? null,
      resources: input.resources ?? [],
      sessionId: input.sessionId ?? null,
      amr: input.amr ?? [],
      expiresAt: new Date(Date.now() + refreshTokenTtlS() * 1000),
    },
  };
}

export function hashRefreshToken(token: string): string {
  return sha256Hex(token);
}
