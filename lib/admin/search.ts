// Dashboard search: one box for an id, a phone number, an email or a name, whole or partial.
// Whole values are exact matches on indexed columns. Partial ones use the prefix indexes of
// migration 20261206070000_review_queue (btree, text_pattern_ops; pg_trgm is not available on the
// embedded database): the start of an email, of a first or last name ("ada lov" = first name
// starting "ada" and last name starting "lov"), or the last digits of a phone (reverse(phone)).
// Never a table scan. User intents are matched on whole values only.
import { db, sql } from "@/lib/db";
import { normalizePhone } from "@/lib/phone/normalize";
import { isUuid } from "@/lib/validation/ids";

const LIMIT = 50;

export type SearchKind = "id" | "email" | "phone" | "email_prefix" | "phone_suffix" | "name" | "none";

/** LIKE pattern of a literal prefix (its %, _ and \ escaped). */
function prefixPattern(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function partialUserIds(q: string): Promise<{ kind: SearchKind; ids: string[] }> {
  const lower = q.toLowerCase();
  const digits = q.replace(/[\s().-]/g, "");
  if (/^\+?\d{4,15}$/.test(digits)) {
    // The last digits people read out ("ending 0101"): reverse(phone) starts with them reversed.
    const tail = digits.replace(/^\+/, "");
    const rows = await sql<{ id: string }>(`SELECT id FROM users WHERE reverse(phone) LIKE $1 ORDER BY created_at LIMIT ${LIMIT}`, [prefixPattern([...tail].reverse().join(""))]);
    return { kind: "phone_suffix", ids: rows.map((row) => row.id) };
  }
  if (lower.includes("@")) {
    if (lower.length < 3) return { kind: "none", ids: [] };
    const rows = await sql<{ id: string }>(`SELECT id FROM users WHERE lower(email) LIKE $1 ORDER BY created_at LIMIT ${LIMIT}`, [prefixPattern(lower)]);
    return { kind: "email_prefix", ids: rows.map((row) => row.id) };
  }
  const words = lower.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0]!.length < 2) return { kind: "none", ids: [] };
  if (words.length >= 2) {
    const [first, ...rest] = words;
    const rows = await sql<{ id: string }>(`SELECT id FROM users WHERE (lower(first_name) LIKE $1 AND lower(last_name) LIKE $2) OR lower(last_name) LIKE $3 ORDER BY created_at LIMIT ${LIMIT}`, [
      prefixPattern(first!),
      prefixPattern(rest.join(" ")),
      prefixPattern(words.join(" ")),
    ]);
    return { kind: "name", ids: rows.map((row) => row.id) };
  }
  const rows = await sql<{ id: string }>(`SELECT id FROM users WHERE lower(first_name) LIKE $1 OR lower(last_name) LIKE $1 OR lower(email) LIKE $1 ORDER BY created_at LIMIT ${LIMIT}`, [prefixPattern(words[0]!)]);
  return { kind: "name", ids: rows.map((row) => row.id) };
}

export async function searchPeople(query: string) {
  const q = query.trim().slice(0, 320);
  let kind: SearchKind = "none";
  let userWhere: object | null = null;
  let intentWhere: object | null = null;
  if (isUuid(q)) {
    kind = "id";
    userWhere = { id: q.toLowerCase() };
    intentWhere = { OR: [{ id: q.toLowerCase() }, { userId: q.toLowerCase() }] };
  } else if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(q)) {
    kind = "email";
    userWhere = { email: q.toLowerCase() };
    intentWhere = { email: q.toLowerCase() };
  } else {
    const phone = normalizePhone(q);
    if (phone) {
      kind = "phone";
      userWhere = { phone };
      intentWhere = { phone };
    }
  }
  if (!userWhere && q) {
    const partial = await partialUserIds(q);
    kind = partial.kind;
    if (partial.ids.length) userWhere = { id: { in: partial.ids } };
    else return { kind, users: [], intents: [] };
  }
  if (!userWhere) return { kind, users: [], intents: [] };
  const [users, intents] = await Promise.all([
    db().user.findMany({ where: userWhere, orderBy: { createdAt: "asc" }, take: LIMIT }),
    intentWhere ? db().userIntent.findMany({ where: intentWhere, orderBy: { createdAt: "asc" }, take: LIMIT, include: { client: { select: { name: true } } } }) : Promise.resolve([]),
  ]);
  return { kind, users, intents };
}
