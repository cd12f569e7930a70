// Which domain events end a user's sessions, decided here once and run inside the emitting
// transaction (emit() calls this, as it calls the webhooks outbox): a revoked device ends the
// sessions it signed in or approved; an approved phone change, a suspension or a rejection, and
// an admin's "sign out everywhere" end all of the user's sessions. Each ended session emits
// `session.ended`, which queues Back-Channel Logout deliveries (lib/webhooks/enqueue.ts).
import type { Tx } from "@/lib/db";
import type { DomainEvent } from "@/lib/events/types";
import { endDeviceSessions, endUserSessions, type EndedSession } from "@/lib/sessions/session";

export const SESSION_ENDED = "session.ended";

const ENDING_STATUSES = new Set(["suspended", "rejected"]);

function endedStatus(event: DomainEvent): string | null {
  const data = event.data as { to?: unknown } | undefined;
  return data && typeof data === "object" && typeof data.to === "string" && ENDING_STATUSES.has(data.to) ? data.to : null;
}

/** Whether events of this type may end sessions (they must go through emit(), never inline). */
export function eventEndsSessions(type: string): boolean {
  return type === "device.revoked" || type === "phone_change.approved" || type === "user.updated" || type === "user.sessions_ended";
}

async function ending(tx: Tx, event: DomainEvent): Promise<{ ended: EndedSession[]; reason: string }> {
  if (event.type === "device.revoked" && event.subjectId) return { ended: await endDeviceSessions(tx, event.subjectId, "device_revoked"), reason: "device_revoked" };
  if (!event.userId) return { ended: [], reason: "" };
  if (event.type === "phone_change.approved") return { ended: await endUserSessions(tx, event.userId, "phone_changed"), reason: "phone_changed" };
  if (event.type === "user.sessions_ended") return { ended: await endUserSessions(tx, event.userId, "admin"), reason: "admin" };
  const status = event.type === "user.updated" ? endedStatus(event) : null;
  if (status) return { ended: await endUserSessions(tx, event.userId, `status_${status}`), reason: `status_${status}` };
  return { ended: [], reason: "" };
}

export async function endSessionsForEvent(tx: Tx, event: DomainEvent, emit: (tx: Tx, event: DomainEvent) => Promise<void>): Promise<void> {
  if (!eventEndsSessions(event.type)) return;
  const { ended, reason } = await ending(tx, event);
  await announceEndedSessions(tx, ended, reason, event.actor, emit);
}

/** One `session.ended` event per ended session (audit + back-channel logout to its clients). */
export async function announceEndedSessions(tx: Tx, ended: EndedSession[], reason: string, actor: DomainEvent["actor"], emit: (tx: Tx, event: DomainEvent) => Promise<void>): Promise<void> {
  for (const session of ended) {
    await emit(tx, { type: SESSION_ENDED, actor, userId: session.userId, subjectId: session.id, data: { reason, client_ids: session.clientIds } });
  }
}
