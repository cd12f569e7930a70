// Users are identified by their E.164 phone across partners. Two sign-ins (or an intent
// conversion and a sign-in) for one new phone can race: INSERT … ON CONFLICT DO NOTHING lets the
// loser wait for the winner and then read its row. A plain INSERT that hit the unique index would
// abort the whole transaction on PostgreSQL, so catching the violation is not an option here.
import { randomUUID } from "node:crypto";
import { sql, type Tx } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";
import type { UserStatus } from "@/lib/db/generated/enums";
import { auditEventCte, emit, recordableInline, type DomainEvent } from "@/lib/events/emit";

export interface NewUserDetails {
  /** Copied onto a newly created user (from a UserIntent); an existing user is left as it is. */
  profile?: { email?: string | null; firstName?: string | null; lastName?: string | null };
  actor?: DomainEvent["actor"];
  clientId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Why the user was created, for the audit log (e.g. "sign_in", "user_intent"). */
  source?: string;
}

export async function findOrCreateUserByPhone(tx: Tx, phone: string, initialStatus: UserStatus = "pending", details: NewUserDetails = {}): Promise<{ user: User; created: boolean }> {
  const profile = details.profile ?? {};
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO users (id, phone, email, first_name, last_name, status, created_at, updated_at)
    VALUES (${randomUUID()}::uuid, ${phone}, ${profile.email ?? null}, ${profile.firstName ?? null}, ${profile.lastName ?? null},
            ${initialStatus}::"UserStatus", now(), now())
    ON CONFLICT (phone) DO NOTHING
    RETURNING id::text AS id`;
  const user = await tx.user.findUniqueOrThrow({ where: { phone } });
  const created = inserted.length === 1;
  if (created) {
    await emit(tx, {
      type: "user.created",
      actor: details.actor ?? { type: "user", id: user.id },
      clientId: details.clientId,
      userId: user.id,
      subjectId: user.id,
      ip: details.ip,
      requestId: details.requestId,
      data: { status: user.status, source: details.source ?? "sign_in" },
    });
  }
  return { user, created };
}

/**
 * The user of a phone signing in without a UserIntent (findOrCreateUserByPhone with its defaults)
 * in one statement — the row and its user.created audit row — when nothing but the audit log
 * listens to user.created; null when something does (then findOrCreateUserByPhone, in a transaction).
 */
export async function findOrCreateSignInUser(phone: string): Promise<string | null> {
  if (!recordableInline("user.created")) return null;
  const id = randomUUID();
  const audit = auditEventCte("audit", "inserted", { type: "user.created", actor: { type: "user", id }, userId: id, subjectId: id, data: { status: "pending", source: "sign_in" } }, 3);
  const [created] = await sql<{ id: string }>(
    `WITH inserted AS (
       INSERT INTO users (id, phone, status, created_at, updated_at) VALUES ($1::uuid, $2, 'pending', now(), now())
       ON CONFLICT (phone) DO NOTHING RETURNING id
     ), ${audit.cte}
     SELECT id::text AS id FROM inserted`,
    [id, phone, ...audit.values],
  );
  if (created) return created.id;
  // Another sign-in of the same new phone won the race: its row (committed once ON CONFLICT waited for it).
  const [existing] = await sql<{ id: string }>(`SELECT id::text AS id FROM users WHERE phone = $1`, [phone]);
  return existing?.id ?? null;
}
