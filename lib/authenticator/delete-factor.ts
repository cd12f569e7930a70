// DELETE /authenticator/v0.1/factors/{id}: the factor and its challenges are gone for good.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";

export async function deleteFactor(clientId: string, factorId: string, context: { ip: string; requestId: string }): Promise<void> {
  if (!isUuid(factorId)) throw new ProductError("authenticator_factor_not_found");
  await db().$transaction(async (tx) => {
    const { count } = await tx.authenticatorFactor.deleteMany({ where: { id: factorId, clientId } });
    if (count !== 1) throw new ProductError("authenticator_factor_not_found");
    await emit(tx, { type: "authenticator.factor_deleted", actor: { type: "client", id: clientId }, clientId, subjectId: factorId, ip: context.ip, requestId: context.requestId });
  });
}
