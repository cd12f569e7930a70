import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { newClientId, newClientSecret } from "./client-secret";
import { newSigningSecret } from "./signing-secret";
import { createClientInput, type CreateClientInput } from "./schemas";

export interface CreatedClient {
  client_id: string;
  /** Shown once; null for public clients. */
  client_secret: string | null;
  /** Signs every callback to this client (webhooks, authenticator callbacks). Shown once. */
  signing_secret: string;
  workspace_id: string;
  /** The authenticator API's project id is the client id. */
  project_id: string;
  name: string;
  type: "confidential" | "public";
  redirect_uris: string[];
  /** RFC 8707 resources the client may ask tokens for. */
  resources: string[];
  id_token_signed_response_alg: string;
}

/** Creates a partner client (and its workspace when none is given). */
export async function createClient(input: CreateClientInput, actor: DomainEvent["actor"]): Promise<CreatedClient> {
  const parsed = createClientInput.parse(input);
  const id = newClientId();
  const secret = parsed.type === "confidential" ? newClientSecret() : null;
  const signing = newSigningSecret();
  return db().$transaction(async (tx) => {
    let workspaceId = parsed.workspaceId;
    if (workspaceId) {
      const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
      if (!workspace) throw new ProductError("workspace_not_found");
    } else {
      const workspace = await tx.workspace.create({ data: { name: parsed.workspaceName ?? parsed.name } });
      workspaceId = workspace.id;
      await emit(tx, { type: "workspace.created", actor, subjectId: workspaceId });
    }
    const client = await tx.client.create({
      data: {
        id,
        workspaceId,
        name: parsed.name,
        type: parsed.type,
        secretHash: secret?.hash ?? null,
        webhookSecretEnc: signing.encrypted,
        redirectUris: [...new Set(parsed.redirectUris)],
        demo: parsed.demo,
        resources: [...new Set(parsed.resources)],
        idTokenSignedResponseAlg: parsed.idTokenSignedResponseAlg,
      },
    });
    await emit(tx, {
      type: "client.created",
      actor,
      clientId: id,
      subjectId: id,
      data: { name: client.name, type: client.type, redirect_uris: client.redirectUris, resources: client.resources, id_token_signed_response_alg: client.idTokenSignedResponseAlg },
    });
    return {
      client_id: id,
      client_secret: secret?.secret ?? null,
      signing_secret: signing.secret,
      workspace_id: workspaceId,
      project_id: id,
      name: client.name,
      type: client.type,
      redirect_uris: client.redirectUris,
      resources: client.resources,
      id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    };
  });
}
