// Newest first, keyset-paged on (created_at, id): stable while intents are being created, and
// every page costs one indexed query however deep the partner pages.
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { cursorParameter, pageOf, seek } from "@/lib/db/keyset";
import type { ListUserIntentsQuery } from "./schemas";
import { serializeUserIntent, type userIntentPageSchema } from "./serialize";

export type UserIntentPage = z.output<typeof userIntentPageSchema>;

export async function listUserIntents(clientId: string, query: ListUserIntentsQuery): Promise<UserIntentPage> {
  const where: Prisma.UserIntentWhereInput = { clientId, ...(query.email ? { email: query.email } : {}), ...seek(cursorParameter(query.cursor), "desc") };
  const rows = await db().userIntent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = pageOf(rows, query.limit);
  return { data: page.rows.map(serializeUserIntent), has_more: page.next !== null, next_cursor: page.next };
}
