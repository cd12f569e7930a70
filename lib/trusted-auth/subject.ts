// Who a trusted-auth token is for: one of the client's users or user intents, in good standing,
// with the phone the customer API must confirm.
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { isUserOfClient } from "@/lib/users/user-of-client";
import { isUuid } from "@/lib/validation/ids";

export type TokenSubject = { kind: "user"; userId: string; phone: string } | { kind: "intent"; userIntentId: string; phone: string };

const BLOCKED = new Set(["rejected", "suspended"]);

/** Exactly one reference, else its own 400 (the seed's own example sends both). */
export function oneUserReference(input: { user_id?: string; user_intent_id?: string }): { userId: string } | { userIntentId: string } {
  if (input.user_id !== undefined && input.user_intent_id !== undefined) throw new ProductError("user_reference_ambiguous");
  if (input.user_id !== undefined) return { userId: input.user_id };
  if (input.user_intent_id !== undefined) return { userIntentId: input.user_intent_id };
  throw new ProductError("user_reference_required");
}

export async function findTokenSubject(clientId: string, reference: { userId: string } | { userIntentId: string }): Promise<TokenSubject> {
  if ("userId" in reference) {
    const user = isUuid(reference.userId) ? await db().user.findUnique({ where: { id: reference.userId }, select: { id: true, phone: true, status: true } }) : null;
    if (!user || !(await isUserOfClient(clientId, user.id))) throw new ProductError("user_not_found");
    if (BLOCKED.has(user.status)) throw new ProductError("trusted_auth_account_blocked", `This user is ${user.status}`);
    return { kind: "user", userId: user.id, phone: user.phone };
  }
  const intent = isUuid(reference.userIntentId) ? await db().userIntent.findFirst({ where: { id: reference.userIntentId, clientId }, include: { user: { select: { phone: true, status: true } } } }) : null;
  if (!intent) throw new ProductError("intent_not_found");
  if (intent.status === "converted_to_user") {
    // Same rule as sign-in: after the user's phone changed, the old intent no longer leads to it.
    if (!intent.user || intent.user.phone !== intent.phone) throw new ProductError("intent_converted_to_other_user");
    if (BLOCKED.has(intent.user.status)) throw new ProductError("trusted_auth_account_blocked", `This user is ${intent.user.status}`);
  } else if (BLOCKED.has(intent.status)) {
    throw new ProductError("trusted_auth_account_blocked", `This user intent is ${intent.status}`);
  }
  return { kind: "intent", userIntentId: intent.id, phone: intent.phone };
}
