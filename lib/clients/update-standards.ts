// A client's standards settings: RFC 8707 resources it may ask tokens for, and the algorithm of its
// ID tokens (OpenID Connect Registration §2 id_token_signed_response_alg). Audited; the client-row
// trigger tells every instance's client cache.
import { z } from "zod";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { forgetCachedClient } from "./client-cache";
import { idTokenAlgSchema, resourcesSchema } from "./schemas";

export const clientStandardsInput = z.object({
  resources: resourcesSchema.optional(),
  idTokenSignedResponseAlg: idTokenAlgSchema.optional(),
});
export type ClientStandardsInput = z.input<typeof clientStandardsInput>;

export interface ClientStandards {
  client_id: string;
  resources: string[];
  id_token_signed_response_alg: string;
}

export async function updateClientStandards(clientId: string, input: ClientStandardsInput, actor: DomainEvent["actor"]): Promise<ClientStandards> {
  const parsed = clientStandardsInput.parse(input);
  const result = await db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { resources: true, idTokenSignedResponseAlg: true } });
    if (!client) throw new ProductError("client_not_found");
    const resources = parsed.resources ? [...new Set(parsed.resources)] : client.resources;
    const alg = parsed.idTokenSignedResponseAlg ?? client.idTokenSignedResponseAlg;
    await tx.client.update({ where: { id: clientId }, data: { resources, idTokenSignedResponseAlg: alg } });
    await emit(tx, {
      type: "client.updated",
      actor,
      clientId,
      subjectId: clientId,
      data: { resources: { from: client.resources, to: resources }, id_token_signed_response_alg: { from: client.idTokenSignedResponseAlg, to: alg } },
    });
    return { client_id: clientId, resources, id_token_signed_response_alg: alg };
  });
  forgetCachedClient(clientId);
  return result;
}
