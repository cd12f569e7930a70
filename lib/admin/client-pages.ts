// Reads behind the client management pages (admins only).
import { ADMIN_PAGE_SIZE } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { decodeCursor, pageOf, seek } from "@/lib/db/keyset";

export async function clientsPage(after?: string, size = ADMIN_PAGE_SIZE) {
  const rows = await db().client.findMany({
    where: seek(decodeCursor(after), "asc"),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: size + 1,
    select: { id: true, name: true, type: true, redirectUris: true, demo: true, trustedAuthEnabled: true, webhookUrl: true, disabledAt: true, createdAt: true },
  });
  return pageOf(rows, size);
}

/** A client's editable settings; write-only secrets are reported as set / not set only. */
export async function clientSettings(id: string) {
  if (id.length > 200) return null;
  const client = await db().client.findUnique({ where: { id } });
  if (!client) return null;
  const { secretHash, customerApiHeaderValueEnc, webhookSecretEnc, ...rest } = client;
  return { ...rest, hasSecret: Boolean(secretHash), hasHeaderValue: Boolean(customerApiHeaderValueEnc), hasWebhookSecret: Boolean(webhookSecretEnc) };
}
