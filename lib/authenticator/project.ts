// The console's project resource (tru.ID): a project is a partner client, its workspace the
// partner organisation. A partner reads and patches only its own project; anything else is 404.
import { db } from "@/lib/db";
import type { Client } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { applyJsonPatch } from "./json-patch";
import { projectConfiguration, type JsonPatchDocument, type ProjectResource } from "./schemas";

export function projectPath(client: Pick<Client, "id" | "workspaceId">): string {
  return `/console/v0.2/workspaces/${client.workspaceId}/projects/${client.id}`;
}

export function serializeProject(client: Client): ProjectResource {
  return {
    project_id: client.id,
    workspace_id: client.workspaceId,
    name: client.name,
    created_at: client.createdAt.toISOString(),
    updated_at: client.updatedAt.toISOString(),
    configuration: {
      authenticator: {
        issuer_name: client.authenticatorIssuerName,
        challenge_callback_url: client.authenticatorCallbackUrl,
        challenge_default_message: client.authenticatorDefaultMessage,
      },
    },
    _links: { self: { href: projectPath(client) } },
  };
}

/** The caller's own project, addressed by workspace and project id. */
export async function getOwnProject(caller: Client, workspaceId: string, projectId: string): Promise<ProjectResource> {
  if (caller.workspaceId !== workspaceId || caller.id !== projectId) throw new ProductError("project_not_found");
  const client = await db().client.findUnique({ where: { id: caller.id } });
  if (!client) throw new ProductError("project_not_found");
  return serializeProject(client);
}

const READ_ONLY = ["project_id", "workspace_id", "name", "created_at", "updated_at", "_links"] as const;

/** Applies an RFC 6902 patch to the project; only `/configuration` may change. */
export async function patchOwnProject(caller: Client, workspaceId: string, projectId: string, operations: JsonPatchDocument, context: { ip: string; requestId: string }): Promise<ProjectResource> {
  const current = await getOwnProject(caller, workspaceId, projectId);
  const patched = applyJsonPatch(current, operations);
  if (!patched || typeof patched !== "object" || Array.isArray(patched)) throw new ProductError("json_patch_invalid", "The patch must leave the project an object");
  const result = patched as Record<string, unknown>;
  for (const key of Object.keys(result)) {
    if (key !== "configuration" && !(READ_ONLY as readonly string[]).includes(key)) throw new ProductError("json_patch_invalid", "The patch names something that is not a project attribute");
  }
  for (const key of READ_ONLY) {
    if (JSON.stringify(result[key]) !== JSON.stringify(current[key])) throw new ProductError("json_patch_invalid", "Only /configuration can be changed: the other project attributes are read-only");
  }
  const configuration = projectConfiguration.parse(result.configuration ?? {});
  const authenticator = configuration.authenticator ?? {};
  return db().$transaction(async (tx) => {
    const client = await tx.client.update({
      where: { id: caller.id },
      data: {
        authenticatorIssuerName: authenticator.issuer_name ?? null,
        authenticatorCallbackUrl: authenticator.challenge_callback_url ?? null,
        authenticatorDefaultMessage: authenticator.challenge_default_message ?? null,
      },
    });
    await emit(tx, {
      type: "project.configuration_updated",
      actor: { type: "client", id: caller.id },
      clientId: caller.id,
      subjectId: caller.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { authenticator: { issuer_name: client.authenticatorIssuerName, challenge_callback_url: client.authenticatorCallbackUrl, challenge_default_message: client.authenticatorDefaultMessage } },
    });
    return serializeProject(client);
  });
}
