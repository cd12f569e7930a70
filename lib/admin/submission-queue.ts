// The reviewers' queue of users with something to review: each pending user's latest verification
// submission (type, documents, partner, time waiting), oldest first by default, filtered by type
// and partner. Walks verification_submissions by its (created_at, id) index and joins the user by
// primary key, so a page costs the same whatever the number of users (scripts/bench-admin.ts).
import { ADMIN_PAGE_SIZE } from "@/lib/config/limits";
import { sql } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset";

export const SUBMISSION_KINDS = ["personal", "business", "document"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export interface QueueFilter {
  kind: SubmissionKind | null;
  clientId: string | null;
  sort: "oldest" | "newest";
}

export interface QueueRow {
  userId: string;
  submissionId: string;
  kind: SubmissionKind;
  documents: number;
  clientId: string | null;
  clientName: string | null;
  submittedAt: Date;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string;
}

/** Reads the queue filter from the page's query string (unknown values are ignored). */
export function queueFilterOf(query: Record<string, string | undefined>): QueueFilter {
  const kind = SUBMISSION_KINDS.find((value) => value === query.type) ?? null;
  const clientId = query.partner && /^[\w-]{1,200}$/.test(query.partner) ? query.partner : null;
  return { kind, clientId, sort: query.sort === "newest" ? "newest" : "oldest" };
}

/** The filter as a query string, to carry it from the queue to a user and on to the next one. */
export function queueQueryOf(filter: QueueFilter): string {
  const query = new URLSearchParams();
  if (filter.kind) query.set("type", filter.kind);
  if (filter.clientId) query.set("partner", filter.clientId);
  if (filter.sort !== "oldest") query.set("sort", filter.sort);
  return query.toString();
}

interface Row {
  user_id: string;
  submission_id: string;
  kind: SubmissionKind;
  documents: string;
  client_id: string | null;
  client_name: string | null;
  submitted_at: Date;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string;
}

async function queueRows(filter: QueueFilter, options: { after?: string | null; size: number; excludeUserId?: string }): Promise<QueueRow[]> {
  const asc = filter.sort === "oldest";
  const values: unknown[] = [];
  const where: string[] = [
    "u.status = 'pending'",
    // Only the user's latest submission (an earlier one was superseded by a resubmission).
    "NOT EXISTS (SELECT 1 FROM verification_submissions n WHERE n.user_id = s.user_id AND (n.created_at, n.id) > (s.created_at, s.id))",
  ];
  if (filter.kind) {
    values.push(filter.kind);
    where.push(`s.kind = $${values.length}::"VerificationKind"`);
  }
  if (filter.clientId) {
    values.push(filter.clientId);
    where.push(`s.client_id = $${values.length}`);
  }
  const cursor = decodeCursor(options.after);
  if (cursor) {
    values.push(cursor.createdAt, cursor.id);
    where.push(`(s.created_at, s.id) ${asc ? ">" : "<"} ($${values.length - 1}, $${values.length}::uuid)`);
  }
  if (options.excludeUserId) {
    values.push(options.excludeUserId);
    where.push(`s.user_id <> $${values.length}::uuid`);
  }
  values.push(options.size);
  const rows = await sql<Row>(
    `SELECT s.user_id, s.id AS submission_id, s.kind::text AS kind, s.client_id, s.created_at AS submitted_at,
            c.name AS client_name, u.first_name, u.last_name, u.email, u.phone,
            (SELECT count(*) FROM verification_documents d WHERE d.submission_id = s.id) AS documents
       FROM verification_submissions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN clients c ON c.id = s.client_id
      WHERE ${where.join(" AND ")}
      ORDER BY s.created_at ${asc ? "ASC" : "DESC"}, s.id ${asc ? "ASC" : "DESC"}
      LIMIT $${values.length}`,
    values,
  );
  return rows.map((row) => ({
    userId: row.user_id,
    submissionId: row.submission_id,
    kind: row.kind,
    documents: Number(row.documents),
    clientId: row.client_id,
    clientName: row.client_name,
    submittedAt: row.submitted_at,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
  }));
}

/** One page of the queue and the cursor of the next. */
export async function submissionQueue(filter: QueueFilter, after?: string | null, size = ADMIN_PAGE_SIZE): Promise<{ rows: QueueRow[]; next: string | null }> {
  const rows = await queueRows(filter, { after, size: size + 1 });
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > size && last ? encodeCursor({ createdAt: last.submittedAt, id: last.submissionId }) : null };
}

/** The user to review after `currentUserId` ("Approve & next", "Skip"): the next in queue order, else the first other one. */
export async function nextInQueue(filter: QueueFilter, currentUserId: string): Promise<string | null> {
  const [current] = await sql<{ created_at: Date; id: string }>(`SELECT created_at, id FROM verification_submissions WHERE user_id = $1::uuid ORDER BY created_at DESC, id DESC LIMIT 1`, [currentUserId]);
  const after = current ? encodeCursor({ createdAt: current.created_at, id: current.id }) : null;
  const [next] = await queueRows(filter, { after, size: 1, excludeUserId: currentUserId });
  if (next) return next.userId;
  const [first] = await queueRows(filter, { size: 1, excludeUserId: currentUserId });
  return first?.userId ?? null;
}

/** The partners offered in the queue's filter (by name; a deployment has tens, not thousands). */
export async function queuePartners(): Promise<{ id: string; name: string }[]> {
  return sql<{ id: string; name: string }>(`SELECT id, name FROM clients WHERE disabled_at IS NULL ORDER BY name, id LIMIT 200`, []);
}

/** "3 d 4 h", "2 h 5 min", "40 min": how long a submission has waited. */
export function waitingFor(since: Date, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
