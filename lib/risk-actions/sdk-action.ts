// verify(token) in the web SDK's window (lib/devices/sdk-window.ts): which of the partner's actions
// the token opens. The challenge itself then runs through /api/actions/{id}/* like the hosted page.
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { sdkPartner } from "@/lib/devices/sdk-window";
import { actionTokenHash } from "./action-token";

export async function sdkActionForToken(input: { clientId: string; origin: string; token: string }): Promise<{ actionId: string }> {
  const partner = await sdkPartner(input.clientId, input.origin);
  const hash = actionTokenHash(input.token);
  const action = hash ? await db().action.findUnique({ where: { tokenHash: hash }, select: { id: true, clientId: true } }) : null;
  if (!action || action.clientId !== partner.clientId) throw new ProductError("not_found", "No action for this token");
  return { actionId: action.id };
}
