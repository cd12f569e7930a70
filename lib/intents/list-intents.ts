// Newest first, keyset-paged on (created_at, id): stable while intents are being created, and
// every page costs one indexed query however deep the partner pages.
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { InvalidRequest } from "@/lib/errors/oauth";
import { isUuid } from "@/lib/validation/ids";
import type { ListUserIntentsQuery } from "./schemas";
import { serializeUserIntent, type userIntentPageSchema } from "./serialize";

export type UserIntentPage = z.output<typeof userIntentPageSchema>;

interface CursorPosition {
  createdAt: Date;
  id: string;
}

const cursorShape = z.tuple([z.iso.datetime(), z.string()]);

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = cursorShape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (isUuid(id)) return { createdAt: new Date(createdAt), id };
  } catch {
    // fall through: any undecodable value is the same client mistake
  }
  throw new InvalidRequest("cursor: is not a cursor returned by this API (pass next_cursor unchanged)");
}

export async function listUserIntents(clientId: string, query: ListUserIntentsQuery): Promise<UserIntentPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.UserIntentWhereInput = { clientId, ...(query.email ? { email: query.email } : {}) };
  if (after) {
    where.OR = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
  }
  const rows = await db().userIntent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  const last = page.at(-1);
  return { data: page.map(serializeUserIntent), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(last) : null };
}
