// The one-time ticket between the password step and the TOTP step. The browser holds the random
// token in an httpOnly cookie scoped to /admin; the database keeps only its hash.
import { ADMIN_LOGIN_TICKET_TTL_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";

export const ADMIN_TICKET_COOKIE = "trustgate-admin.login-ticket";

export async function issueLoginTicket(tx: Tx, input: { adminId: string; pendingTotpSecretEnc: string | null; ip: string; now: Date }): Promise<string> {
  const token = randomToken(32);
  await tx.adminLoginTicket.create({
    data: {
      tokenHash: sha256Hex(token),
      adminId: input.adminId,
      pendingTotpSecretEnc: input.pendingTotpSecretEnc,
      ip: input.ip,
      expiresAt: new Date(input.now.getTime() + ADMIN_LOGIN_TICKET_TTL_S * 1000),
    },
  });
  return token;
}

/** A live (unconsumed, unexpired) ticket with its admin, or null. */
export async function findLoginTicket(token: string | undefined | null, now = new Date()) {
  if (!token || token.length > 100) return null;
  const ticket = await db().adminLoginTicket.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { admin: true } });
  if (!ticket || ticket.consumedAt || ticket.expiresAt <= now || ticket.admin.disabledAt) return null;
  return ticket;
}
