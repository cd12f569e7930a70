// THE UserIntent status machine: the only place an intent's status changes. The table below is
// what the admin dashboard offers and what the ops CLI accepts; every change is a
// `user_intent.updated` event (audit log now, partner webhook later).
import type { Tx } from "@/lib/db";
import type { UserIntent } from "@/lib/db/generated/client";
import type { UserIntentStatus } from "@/lib/db/generated/enums";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { lockStatusForChange } from "@/lib/users/status-transition";

/**
 * Allowed changes (from → to), the same as for Users (lib/users/status.ts) plus
 * `converted_to_user`, which no reviewer can set: it is reached only through
 * recordIntentConversion when the end user signs in, from any other status, and is final.
 */
export const USER_INTENT_STATUS_TRANSITIONS: Readonly<Record<UserIntentStatus, readonly UserIntentStatus[]>> = {
  pending: ["approved", "retry", "document", "rejected", "suspended"],
  retry: ["pending", "approved", "document", "rejected", "suspended"],
  document: ["pending", "approved", "retry", "rejected", "suspended"],
  approved: ["suspended"],
  suspended: ["approved"],
  rejected: [],
  converted_to_user: [],
};

export function canTransitionIntent(from: UserIntentStatus, to: UserIntentStatus): boolean {
  return USER_INTENT_STATUS_TRANSITIONS[from].includes(to);
}

export interface IntentStatusChange {
  intentId: string;
  to: UserIntentStatus;
  reason: string;
  actor: DomainEvent["actor"];
  ip?: string | null;
  requestId?: string | null;
}

/** Checks and applies one status change inside `tx`; the row is locked so concurrent changes queue. */
export async function transitionIntentStatus(tx: Tx, change: IntentStatusChange): Promise<{ from: UserIntentStatus; intent: UserIntent }> {
  const { from, reason } = await lockStatusForChange(tx, {
    table: "user_intents",
    id: change.intentId,
    to: change.to,
    reason: change.reason,
    transitions: USER_INTENT_STATUS_TRANSITIONS,
    notFound: "intent_not_found",
    why: (to) => (to === "converted_to_user" ? ": an intent is converted only when its end user signs in" : ""),
  });
  const intent = await tx.userIntent.update({ where: { id: change.intentId }, data: { status: change.to } });
  await emit(tx, {
    type: "user_intent.updated",
    actor: change.actor,
    clientId: intent.clientId,
    userId: intent.userId,
    subjectId: intent.id,
    ip: change.ip,
    requestId: change.requestId,
    data: { from, to: change.to, reason },
  });
  return { from, intent };
}

/**
 * The conversion step of the machine: intent → converted_to_user, linked to `userId`. The caller
 * (convertIntentOnSignIn) holds the intent's row lock; the guarded update makes a second
 * conversion impossible even without it.
 */
export async function recordIntentConversion(
  tx: Tx,
  conversion: { intentId: string; clientId: string; from: UserIntentStatus; userId: string; actor: DomainEvent["actor"]; ip?: string | null; requestId?: string | null },
): Promise<void> {
  const updated = await tx.userIntent.updateMany({
    where: { id: conversion.intentId, status: { not: "converted_to_user" } },
    data: { status: "converted_to_user", userId: conversion.userId },
  });
  if (updated.count !== 1) throw new ProductError("invalid_status_transition", "converted_to_user → converted_to_user is not allowed");
  await emit(tx, {
    type: "user_intent.updated",
    actor: conversion.actor,
    clientId: conversion.clientId,
    userId: conversion.userId,
    subjectId: conversion.intentId,
    ip: conversion.ip,
    requestId: conversion.requestId,
    data: { from: conversion.from, to: "converted_to_user", reason: "end user signed in", user_id: conversion.userId },
  });
}
