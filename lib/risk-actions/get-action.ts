// GET /v1/users/{userId}/actions/{action}/{idempotencyKey}: the action as its partner tracked it,
// with its current state (CHALLENGE_SUCCEEDED / CHALLENGE_FAILED after the hosted challenge).
// Another client's action, or a user not linked to the caller, is answered 404.
import { db } from "@/lib/db";
import type { Action } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import type { z } from "zod";
import type { actionRecordSchema } from "@/lib/risk-actions/schemas";

export type ActionRecord = z.output<typeof actionRecordSchema>;

export function actionRecord(row: Action): ActionRecord {
  return {
    idempotencyKey: row.idempotencyKey,
    userId: row.userId,
    action: row.action,
    state: row.state,
    ruleIds: row.ruleIds,
    isEnrolled: row.isEnrolled,
    verificationMethod: row.verificationMethod,
    deviceId: row.deviceId,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    redirectUrl: row.redirectUrl,
    custom: (row.custom as Record<string, unknown> | null) ?? null,
    label: row.label,
    validated: row.validatedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getAction(input: { clientId: string; userId: string; action: string; idempotencyKey: string }): Promise<ActionRecord> {
  const row = await db().action.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (!row || row.clientId !== input.clientId || row.userId !== input.userId || row.action !== input.action) throw new ProductError("action_not_found");
  return actionRecord(row);
}
