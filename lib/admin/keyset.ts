// Keyset ("seek") pagination for dashboard tables: the cursor is the last row's (created_at, id),
// so page N costs the same as page 1 at 100,000 rows (OFFSET would scan every skipped row).
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(value: string | undefined | null): Cursor | null {
  if (!value || value.length > 200) return null;
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || !/^[\w-]{1,100}$/.test(id) || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

/** Prisma `where` for rows after (ascending) or before (descending) the cursor. */
export function seek(cursor: Cursor | null, direction: "asc" | "desc") {
  if (!cursor) return {};
  const op = direction === "asc" ? "gt" : "lt";
  return { OR: [{ createdAt: { [op]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [op]: cursor.id } }] };
}

/** Splits a `take: size + 1` result into the page and the next cursor. */
export function pageOf<T extends { createdAt: Date; id: string }>(rows: T[], size: number): { rows: T[]; next: string | null } {
  const page = rows.slice(0, size);
  return { rows: page, next: rows.length > size ? encodeCursor(page[page.length - 1]!) : null };
}
