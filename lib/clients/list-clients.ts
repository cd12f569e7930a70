import { db } from "@/lib/db";

export interface ClientSummary {
  client_id: string;
  name: string;
  type: "confidential" | "public";
  workspace_id: string;
  redirect_uris: string[];
  demo: boolean;
  created_at: string;
}

export async function listClients(): Promise<ClientSummary[]> {
  const clients = await db().client.findMany({ orderBy: { createdAt: "asc" } });
  return clients.map((client) => ({
    client_id: client.id,
    name: client.name,
    type: client.type,
    workspace_id: client.workspaceId,
    redirect_uris: client.redirectUris,
    demo: client.demo,
    created_at: client.createdAt.toISOString(),
  }));
}

/** The demo partner seeded on the embedded database, if there is one. */
export async function findDemoClient(): Promise<ClientSummary | null> {
  const client = await db().client.findFirst({ where: { demo: true, disabledAt: null }, orderBy: { createdAt: "asc" } });
  if (!client) return null;
  return {
    client_id: client.id,
    name: client.name,
    type: client.type,
    workspace_id: client.workspaceId,
    redirect_uris: client.redirectUris,
    demo: true,
    created_at: client.createdAt.toISOString(),
  };
}
