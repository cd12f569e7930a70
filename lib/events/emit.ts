// Domain events: every security-relevant change emits one, inside the transaction that made the
// change. Each event lands in the audit log; later capabilities (webhooks) subscribe here too.
import { db, sql, type Tx } from "@/lib/db";
import { randomUUID } from "node:crypto";
import { recordSignInEvent } from "@/lib/metrics/record";
import { enqueueDeliveriesForEvent, eventHasDeliveries } from "@/lib/webhooks/enqueue";
import { endSessionsForEvent, eventEndsSessions } from "@/lib/logout/end-on-event";
import type { DomainEvent } from "./types";

// The event's shape lives in a type module that the webhooks outbox imports too (no import cycle).
export type { ActorType, DomainEvent } from "./types";

type Subscriber = (tx: Tx, event: DomainEvent) => Promise<void>;
const subscribers: Subscriber[] = [];

/** Registers a handler run inside the emitting transaction; returns its unsubscribe function. */
export function onDomainEvent(subscriber: Subscriber): () => void {
  subscribers.push(subscriber);
  return () => {
    const at = subscribers.indexOf(subscriber);
    if (at !== -1) subscribers.splice(at, 1);
  };
}

export async function emit(tx: Tx, event: DomainEvent): Promise<void> {
  await tx.auditEvent.create({
    data: {
      type: event.type,
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      clientId: event.clientId ?? null,
      userId: event.userId ?? null,
      subjectId: event.subjectId ?? null,
      ip: event.ip ?? null,
      requestId: event.requestId ?? null,
      data: event.data,
    },
  });
  // The webhooks outbox is called directly rather than registered: Next bundles route handlers
  // separately, and a registration living in another module could be absent from one bundle.
  await enqueueDeliveriesForEvent(tx, event);
  // Likewise the events that end end-user sessions (device revoked, suspension, phone change…).
  await endSessionsForEvent(tx, event, emit);
  for (const subscriber of subscribers) await subscriber(tx, event);
  recordSignInEvent(event);
}

/**
 * A lone audit row (and whatever subscribes to its type): emit() in a transaction of its own —
 * or, when emit() would do nothing but write the row (recordableInline), that one INSERT in
 * plain SQL: no interactive transaction, no Prisma query compiled (a hosted sign-in records
 * several of these).
 */
export async function record(event: DomainEvent): Promise<void> {
  if (!recordableInline(event.type)) return db().$transaction((tx) => emit(tx, event));
  const { cte, values } = auditEventCte("recorded", "(VALUES (1)) AS one(n)", event, 1);
  await sql(`WITH ${cte} SELECT 1`, values);
  recordSignInEvent(event);
}

/**
 * Whether `event` can be recorded by the statement that makes its change (auditEventCte), with no
 * transaction around it: true when emit() would do nothing but write the audit row — no webhook
 * or callback maps to the event type and no subscriber is registered.
 */
export function recordableInline(type: string): boolean {
  return subscribers.length === 0 && !eventHasDeliveries(type) && !eventEndsSessions(type);
}

/**
 * The audit row of `event` as a data-modifying CTE (`<name> AS (INSERT … SELECT … FROM <source>)`)
 * for a hot path whose whole change is one statement: the row is written once per row of `source`,
 * so nothing is recorded when the change did not happen, and both commit together. Parameters
 * are numbered from $first. Callers must check recordableInline() and use emit() otherwise.
 */
export function auditEventCte(name: string, source: string, event: DomainEvent, first: number): { cte: string; values: unknown[] } {
  if (!recordableInline(event.type)) throw new Error(`${event.type} has subscribers or deliveries: record it with emit()`);
  const p = (i: number) => `$${first + i}`;
  return {
    cte: `${name} AS (
       INSERT INTO audit_events (id, type, actor_type, actor_id, client_id, user_id, subject_id, ip, request_id, data)
       SELECT ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::uuid, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::jsonb FROM ${source}
     )`,
    values: [
      randomUUID(),
      event.type,
      event.actor.type,
      event.actor.id ?? null,
      event.clientId ?? null,
      event.userId ?? null,
      event.subjectId ?? null,
      event.ip ?? null,
      event.requestId ?? null,
      event.data === undefined ? null : JSON.stringify(event.data),
    ],
  };
}
