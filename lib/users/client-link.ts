// Whether a user is already known to a partner: it consented to that client before, or an intent
// of that client was converted to it. Trusted auth may skip the SMS step only for such a user (or a
// brand-new one): a partner vouching for a phone that belongs to another partner's user does not
// make that account the partner's (docs/security.md, "Sessions").
import type { Tx } from "@/lib/db";

export async function isLinkedToClient(tx: Tx, userId: string, clientId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ linked: boolean }[]>`
    SELECT (EXISTS (SELECT 1 FROM consents WHERE user_id = ${userId}::uuid AND client_id = ${clientId})
        OR EXISTS (SELECT 1 FROM user_intents WHERE user_id = ${userId}::uuid AND client_id = ${clientId} AND status = 'converted_to_user')) AS linked`;
  return Boolean(row?.linked);
}
