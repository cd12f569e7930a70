// Remembered consent per user and client: asked once per new scope, not on every sign-in.
import { sql } from "@/lib/db";

export async function hasConsent(userId: string, clientId: string, scopes: string[]): Promise<boolean> {
  // Plain SQL: asked on every hosted sign-in of a signed-in user (Prisma ≈1.5 ms of CPU a read).
  const [consent] = await sql<{ scopes: string[] }>(`SELECT scopes FROM consents WHERE user_id = $1::uuid AND client_id = $2`, [userId, clientId]);
  return Boolean(consent) && scopes.every((scope) => consent!.scopes.includes(scope));
}

/** Adds `scopes` to what the user granted the client (sorted, no repeats), in one atomic statement. */
export async function recordConsent(userId: string, clientId: string, scopes: string[]): Promise<void> {
  const now = new Date();
  await sql(
    `INSERT INTO consents (user_id, client_id, scopes, created_at, updated_at)
     VALUES ($1::uuid, $2, ARRAY(SELECT DISTINCT u.s COLLATE "C" FROM unnest($3::text[]) AS u(s) ORDER BY 1), $4, $4)
     ON CONFLICT (user_id, client_id) DO UPDATE
       SET scopes = ARRAY(SELECT DISTINCT u.s COLLATE "C" FROM unnest(consents.scopes || EXCLUDED.scopes) AS u(s) ORDER BY 1), updated_at = $4`,
    [userId, clientId, scopes, now],
  );
}
