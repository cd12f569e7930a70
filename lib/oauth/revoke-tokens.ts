// Revoking what a grant produced. Access tokens are JWTs, so revocation marks their rows: every
// check that matters (introspection, Trustgate's own APIs) consults the row.
import type { Tx } from "@/lib/db";

export interface RevokedCounts {
  refresh_tokens: number;
  access_tokens: number;
}

/** Every refresh and access token of a refresh-token family (RFC 9700 §4.14.2). */
export async function revokeFamily(tx: Tx, familyId: string, now = new Date()): Promise<RevokedCounts> {
  const refresh = await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  const access = await tx.accessToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  return { refresh_tokens: refresh.count, access_tokens: access.count };
}

/** Every token issued from an authorization code, including later rotations (RFC 6749 §4.1.2). */
export async function revokeIssuedFromCode(tx: Tx, authorizationCodeId: string, now = new Date()): Promise<RevokedCounts> {
  const families = await tx.refreshToken.findMany({ where: { authorizationCodeId }, select: { familyId: true }, distinct: ["familyId"] });
  const familyIds = families.map((row) => row.familyId);
  const refresh = await tx.refreshToken.updateMany({
    where: { revokedAt: null, OR: [{ authorizationCodeId }, { familyId: { in: familyIds } }] },
    data: { revokedAt: now },
  });
  const access = await tx.accessToken.updateMany({
    where: { revokedAt: null, OR: [{ authorizationCodeId }, { familyId: { in: familyIds } }] },
    data: { revokedAt: now },
  });
  return { refresh_tokens: refresh.count, access_tokens: access.count };
}
