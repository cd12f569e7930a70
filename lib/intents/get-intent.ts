import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { serializeUserIntent, type UserIntentResource } from "./serialize";

/** One of the partner's own intents. Another client's intent is simply "not found" (never 403). */
export async function getUserIntent(clientId: string, intentId: string): Promise<UserIntentResource> {
  const intent = isUuid(intentId) ? await db().userIntent.findFirst({ where: { id: intentId, clientId } }) : null;
  if (!intent) throw new ProductError("intent_not_found");
  return serializeUserIntent(intent);
}
