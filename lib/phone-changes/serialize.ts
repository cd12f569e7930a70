import type { PhoneChangeRequest } from "@/lib/db/generated/client";
import type { z } from "zod";
import type { phoneChangeResourceSchema } from "./schemas";

export type PhoneChangeResource = z.infer<typeof phoneChangeResourceSchema>;

export function serializePhoneChange(row: PhoneChangeRequest): PhoneChangeResource {
  return {
    id: row.id,
    status: row.status,
    new_phone: row.newPhone,
    created_at: row.createdAt.toISOString(),
    decided_at: row.decidedAt?.toISOString() ?? null,
    decision_reason: row.decisionReason,
  };
}
