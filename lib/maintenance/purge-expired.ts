// Housekeeping every instance runs periodically: rows whose only purpose has expired. Kept a day
// past expiry so replays and audits of recent activity still find them (a replayed code must
// still be recognised to revoke what it issued: codes live 60 s, so a day is ample).
import { db } from "@/lib/db";
import { purgeExpiredRateLimits } from "@/lib/rate-limit/limiter";

const GRACE_MS = 24 * 3600 * 1000;

export interface PurgeCounts {
  rateLimits: number;
  authorizationRequests: number;
  authorizationCodes: number;
  smsCodes: number;
  accessTokens: number;
  refreshTokens: number;
  adminLoginTickets: number;
  adminSessions: number;
}

export async function purgeExpired(now = new Date()): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - GRACE_MS);
  const expired = { expiresAt: { lt: before } };
  const [authorizationRequests, authorizationCodes, smsCodes, accessTokens, refreshTokens] = await Promise.all([
    db().authorizationRequest.deleteMany({ where: expired }),
    db().authorizationCode.deleteMany({ where: expired }),
    db().smsCode.deleteMany({ where: expired }),
    db().accessToken.deleteMany({ where: expired }),
    db().refreshToken.deleteMany({ where: expired }),
  ]);
  // Admin sign-in tickets (10 min) and sessions (12 h absolute; revoked ones end earlier).
  const [adminLoginTickets, adminSessions] = await Promise.all([db().adminLoginTicket.deleteMany({ where: expired }), db().adminSession.deleteMany({ where: expired })]);
  return {
    adminLoginTickets: adminLoginTickets.count,
    adminSessions: adminSessions.count,
    rateLimits: await purgeExpiredRateLimits(),
    authorizationRequests: authorizationRequests.count,
    authorizationCodes: authorizationCodes.count,
    smsCodes: smsCodes.count,
    accessTokens: accessTokens.count,
    refreshTokens: refreshTokens.count,
  };
}
