// THE User status machine: the only place a User's status changes. The table below is what the
// admin dashboard offers and what the ops CLI accepts; every change is a `user.updated` event.
import type { Tx } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";
import type { UserStatus } from "@/lib/db/generated/enums";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { lockStatusForChange } from "./status-transition";

/**
 * Allowed changes (from → to). Reviews move pending/retry/document to a decision; a submitted
 * verification moves retry/document back to pending; approved users can only be suspended;
 * suspension is lifted by reinstating (→ approved). Rejected is final: the partner's end user
 * contacts support, and a new application starts from a new UserIntent.
 */
export const USER_STATUS_TRANSITIONS: Readonly<Record<UserStatus, readonly UserStatus[]>> = {
  pending: ["approved", "retry", "document", "rejected", "suspended"],
  retry: ["pending", "approved", "document", "rejected", "suspended"],
  document: ["pending", "approved", "retry", "rejected", "suspended"],
  approved: ["suspended"],
  suspended: ["approved"],
  rejected: [],
};

export function canTransitionUser(from: UserStatus, to: UserStatus): boolean {
  return USER_STATUS_TRANSITIONS[from].includes(to);
}

export interface UserStatusChange {
  userId: string;
  to: UserStatus;
  reason: string;
  actor: DomainEvent["actor"];
  /** The partner on whose page the change happened (e.g. a verification submitted from its link). */
  clientId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

/** Checks and applies one status change inside `tx`; the row is locked so concurrent changes queue. */
export async function transitionUserStatus(tx: Tx, change: UserStatusChange): Promise<{ from: UserStatus; user: User }> {
  const { from, reason } = await lockStatusForChange(tx, { table: "users", id: change.userId, to: change.to, reason: change.reason, transitions: USER_STATUS_TRANSITIONS, notFound: "user_not_found" });
  const user = await tx.user.update({ where: { id: change.userId }, data: { status: change.to } });
  await emit(tx, {
    type: "user.updated",
    actor: change.actor,
    clientId: change.clientId,
    userId: user.id,
    subjectId: user.id,
    ip: change.ip,
    requestId: change.requestId,
    data: { from, to: change.to, reason },
  });
  return { from, user };
}
