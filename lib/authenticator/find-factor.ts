// A partner's factor by id. Another partner's factor, or an id that is not a uuid, is "not found".
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import type { AuthenticatorFactor } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";

export async function findOwnFactor(clientId: string, factorId: string, tx?: Tx): Promise<AuthenticatorFactor> {
  if (!isUuid(factorId)) throw new ProductError("authenticator_factor_not_found");
  const factor = await (tx ?? db()).authenticatorFactor.findFirst({ where: { id: factorId, clientId } });
  if (!factor) throw new ProductError("authenticator_factor_not_found");
  return factor;
}
