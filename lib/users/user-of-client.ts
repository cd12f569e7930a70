// Users are shared across partners (one per phone), so "this client's user" means one the client
// has a relationship with: the user consented to it, or one of its user intents became the user.
// Anything else is answered like an unknown user (SPEC: 404 for another client's objects).
import { db } from "@/lib/db";

export async function isUserOfClient(clientId: string, userId: string): Promise<boolean> {
  const [consent, intent] = await Promise.all([
    db().consent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { userId: true } }),
    db().userIntent.findFirst({ where: { clientId, userId }, select: { id: true } }),
  ]);
  return Boolean(consent || intent);
}
