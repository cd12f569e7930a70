// Housekeeping every instance runs periodically: rows whose only purpose has expired. Kept a day
// past expiry so replays and audits of recent activity still find them (a replayed code must
// still be recognised to revoke what it issued: codes live 60 s, so a day is ample).
import { WEBHOOK_DELIVERY_RETENTION_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { purgeExpiredRateLimits } from "@/lib/rate-limit/limiter";
import { purgeStagedDocuments } from "@/lib/verification/document-store";
import { purgeUsedJtis } from "@/lib/oauth/used-jti";

const GRACE_MS = 24 * 3600 * 1000;

export interface PurgeCounts {
  rateLimits: number;
  authorizationRequests: number;
  authorizationCodes: number;
  smsCodes: number;
  accessTokens: number;
  refreshTokens: number;
  trustedAuthTokens: number;
  webhookDeliveries: number;
  webauthnChallenges: number;
  deviceRegistrationTokens: number;
  loginRequests: number;
  stagedDocuments: number;
  adminLoginTickets: number;
  adminSessions: number;
  secondFactorTickets: number;
  pushedAuthorizationRequests: number;
  usedJtis: number;
}

export async function purgeExpired(now = new Date()): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - GRACE_MS);
  const expired = { expiresAt: { lt: before } };
  const [authorizationRequests, authorizationCodes, smsCodes, accessTokens, refreshTokens, trustedAuthTokens] = await Promise.all([
    db().authorizationRequest.deleteMany({ where: expired }),
    db().authorizationCode.deleteMany({ where: expired }),
    db().smsCode.deleteMany({ where: expired }),
    db().accessToken.deleteMany({ where: expired }),
    db().refreshToken.deleteMany({ where: expired }),
    db().trustedAuthToken.deleteMany({ where: expired }),
  ]);
  // The delivery log keeps finished deliveries for a while; pending ones are never dropped.
  const webhookDeliveries = await db().webhookDelivery.deleteMany({
    where: { status: { in: ["succeeded", "failed"] }, updatedAt: { lt: new Date(now.getTime() - WEBHOOK_DELIVERY_RETENTION_S * 1000) } },
  });
  // Trusted devices: challenges, addAuthenticator tokens and login requests live ≤5 minutes.
  const [webauthnChallenges, deviceRegistrationTokens, loginRequests] = await Promise.all([
    db().webAuthnChallenge.deleteMany({ where: expired }),
    db().deviceRegistrationToken.deleteMany({ where: expired }),
    db().loginRequest.deleteMany({ where: expired }),
  ]);
  // Admin sign-in tickets (10 min) and sessions (12 h absolute; revoked ones end earlier).
  const [adminLoginTickets, adminSessions] = await Promise.all([db().adminLoginTicket.deleteMany({ where: expired }), db().adminSession.deleteMany({ where: expired })]);
  return {
    webhookDeliveries: webhookDeliveries.count,
    adminLoginTickets: adminLoginTickets.count,
    adminSessions: adminSessions.count,
    rateLimits: await purgeExpiredRateLimits(),
    authorizationRequests: authorizationRequests.count,
    authorizationCodes: authorizationCodes.count,
    smsCodes: smsCodes.count,
    accessTokens: accessTokens.count,
    refreshTokens: refreshTokens.count,
    trustedAuthTokens: trustedAuthTokens.count,
    webauthnChallenges: webauthnChallenges.count,
    deviceRegistrationTokens: deviceRegistrationTokens.count,
    loginRequests: loginRequests.count,
    stagedDocuments: await purgeStagedDocuments(now),
    secondFactorTickets: (await db().secondFactorTicket.deleteMany({ where: expired })).count,
    // PAR request_uris (60 s) and the jti replay cache: a row outlives its JWT by design only until
    // the JWT's own expiry, so they go at once (no grace: nothing refers back to them).
    pushedAuthorizationRequests: (await db().pushedAuthorizationRequest.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    usedJtis: await purgeUsedJtis(now),
  };
}
