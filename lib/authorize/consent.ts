// Remembered consent per user and client: asked once per new scope, not on every sign-in.
import { db, sql } from "@/lib/db";

export async function hasConsent(userId: string, clientId: string, scopes: string[]): Promise<boolean> {
  // Plain SQL: asked on every hosted sign-in of a signed-in user (Prisma ≈1.5 ms of CPU a read).
  const [consent] = await sql<{ scopes: string[] }>(`SELECT scopes FROM consents WHERE user_id = $1::uuid AND client_id = $2`, [userId, clientId]);
  return Boolean(consent) && scopes.every((scope) => consent!.scopes.includes(scope));
}

export async function recordConsent(userId: string, clientId: string, scopes: string[]): Promise<void> {
  await db().$transaction(async (tx) => {
    const existing = await tx.consent.findUnique({ where: { userId_clientId: { userId, clientId } } });
    const merged = [...new Set([...(existing?.scopes ?? []), ...scopes])].sort();
    await tx.consent.upsert({ where: { userId_clientId: { userId, clientId } }, create: { userId, clientId, scopes: merged }, update: { scopes: merged } });
  });
}
