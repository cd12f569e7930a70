// What a domain event is: its shape, shared by the emitter (emit.ts) and its consumers (the
// webhooks outbox), so that neither has to import the other for it.
import type { Prisma } from "@/lib/db/generated/client";

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
