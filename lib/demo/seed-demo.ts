// Demo mode: on an empty embedded database, `npm start` creates a demo partner whose redirect URI
// is Trustgate's own /demo/callback page, and a demo admin. Credentials are printed once.
import { randomToken } from "@/lib/crypto/random";
import { createAdmin } from "@/lib/admin/create-admin";
import { createClient, type CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";

export interface DemoSeed {
  client: CreatedClient;
  admin: { email: string; password: string };
}

export async function seedDemoIfEmpty(baseUrl: string): Promise<DemoSeed | null> {
  if ((await db().client.count()) > 0) return null;
  const client = await createClient({ name: "Demo Partner", workspaceName: "Demo workspace", redirectUris: [`${baseUrl}/demo/callback`], type: "confidential", demo: true }, { type: "system" });
  const admin = { email: "admin@trustgate.local", password: randomToken(15) };
  if (!(await db().admin.findUnique({ where: { email: admin.email } }))) await createAdmin({ ...admin, role: "admin" }, { type: "system" });
  return { client, admin };
}

export function demoAuthorizeUrl(baseUrl: string, clientId: string): string {
  const url = new URL(`${baseUrl}/login/oauth/authorize`);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", `${baseUrl}/demo/callback`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "openid");
  url.searchParams.set("state", "demo");
  return url.toString();
}
