// Keyset ("seek") pagination, the one home for it: the cursor is the last row's (created_at, id),
// so page N costs one indexed query however deep the caller pages (OFFSET would scan every skipped
// row). Used by the dashboard tables (ascending or descending) and by the partner API lists
// (newest first, `next_cursor`). A cursor is opaque: base64url of the JSON pair.
import { z } from "zod";
import { InvalidRequest } from "@/lib/errors/oauth";
import { isUuid } from "@/lib/validation/ids";

export interface Cursor {
  createdAt: Date;
  id: string;
}

const cursorShape = z.tuple([z.iso.datetime(), z.string().regex(/^[\w-]{1,100}$/)]);

export function encodeCursor(row: Cursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

/** The cursor in `value`, or null when it is missing or not one of ours. `uuid`: the ids are uuid columns. */
export function decodeCursor(value: string | undefined | null, options: { uuid?: boolean } = {}): Cursor | null {
  if (!value || value.length > 200) return null;
  try {
    const [createdAt, id] = cursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (options.uuid && !isUuid(id)) return null;
    return { createdAt: new Date(createdAt), id };
  } catch {
    return null;
  }
}

/** A partner API's `cursor` parameter: absent → first page; not one of ours → 400 invalid_request. */
export function cursorParameter(value: string | undefined): Cursor | null {
  if (!value) return null;
  const cursor = decodeCursor(value, { uuid: true });
  if (!cursor) throw new InvalidRequest("cursor: is not a cursor returned by this API (pass next_cursor unchanged)");
  return cursor;
}

/** Prisma `where` for rows after (ascending) or before (descending) the cursor. */
export function seek(cursor: Cursor | null, direction: "asc" | "desc") {
  if (!cursor) return {};
  const op = direction === "asc" ? "gt" : "lt";
  return { OR: [{ createdAt: { [op]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [op]: cursor.id } }] };
}

/** Splits a `take: size + 1` result into the page and the next cursor. */
export function pageOf<T extends Cursor>(rows: T[], size: number): { rows: T[]; next: string | null } {
  const page = rows.slice(0, size);
  return { rows: page, next: rows.length > size ? encodeCursor(page[page.length - 1]!) : null };
}
