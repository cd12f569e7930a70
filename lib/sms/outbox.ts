// Reading the development outbox (only messages the outbox provider stored; Twilio records hold no body).
import { db } from "@/lib/db";
import { OUTBOX_DEFAULT_LIMIT, type OutboxQuery } from "./schemas";

export interface OutboxMessage {
  to: string;
  body: string;
  created_at: string;
}

/** Newest first; `to` is E.164. */
export async function listOutboxMessages(query: Partial<OutboxQuery> = {}): Promise<OutboxMessage[]> {
  const rows = await db().smsMessage.findMany({
    where: { provider: "outbox", ...(query.to ? { to: query.to } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit ?? OUTBOX_DEFAULT_LIMIT,
  });
  return rows.map((row) => ({ to: row.to, body: row.body, created_at: row.createdAt.toISOString() }));
}
