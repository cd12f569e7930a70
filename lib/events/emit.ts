// Domain events: every security-relevant change emits one, inside the transaction that made the
// change. Each event lands in the audit log; later capabilities (webhooks) subscribe here too.
import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db";
import { enqueueDeliveriesForEvent } from "@/lib/webhooks/enqueue";

export type ActorType = "system" | "admin" | "user" | "client" | "cli";

export interface DomainEvent {
  /** Dotted name, e.g. `client.created`, `client.secret_rotated`, `client.auth_failed`. */
  type: string;
  actor: { type: ActorType; id?: string | null };
  clientId?: string | null;
  userId?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Never secrets: this is stored in the audit log. */
  data?: Prisma.InputJsonValue;
}

type Subscriber = (tx: Tx, event: DomainEvent) => Promise<void>;
const subscribers: Subscriber[] = [];

/** Registers a handler run inside the emitting transaction (e.g. the webhook outbox). */
export function onDomainEvent(subscriber: Subscriber): void {
  subscribers.push(subscriber);
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
  for (const subscriber of subscribers) await subscriber(tx, event);
}
