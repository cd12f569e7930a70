// The partner-facing shape of a UserIntent (snake_case, Astra style). The SSN never leaves:
// only its last four digits, for the partner to recognise the record.
import { z } from "zod";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { UserIntent } from "@/lib/db/generated/client";
import { userIntentStatusSchema } from "./schemas";

export const userIntentResourceSchema = z
  .object({
    id: z.uuid(),
    status: userIntentStatusSchema,
    user_id: z.uuid().nullable().meta({ description: "Set once the end user signed in (status converted_to_user)" }),
    type: z.enum(["personal", "business"]),
    email: z.string(),
    phone: z.string().meta({ description: "E.164" }),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    date_of_birth: z.string().nullable(),
    address1: z.string().nullable(),
    address2: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postal_code: z.string().nullable(),
    ip_address: z.string().nullable(),
    metadata: z.unknown().meta({ type: "object", description: "Echoed back as sent (and in webhooks)" }),
    ssn_last4: z.string().nullable().meta({ description: "The SSN itself never leaves Trustgate" }),
    client_user_id: z.string().nullable().meta({ description: "Your own id for this user, as sent" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "UserIntent" });
export type UserIntentResource = z.output<typeof userIntentResourceSchema>;

export const userIntentPageSchema = z
  .object({
    data: z.array(userIntentResourceSchema),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().meta({ description: "Pass as ?cursor= for the next page; null on the last page" }),
  })
  .meta({ id: "UserIntentPage" });

export function serializeUserIntent(intent: UserIntent): UserIntentResource {
  return {
    id: intent.id,
    status: intent.status,
    user_id: intent.userId,
    type: intent.type,
    email: intent.email,
    phone: intent.phone,
    first_name: intent.firstName,
    last_name: intent.lastName,
    date_of_birth: intent.dateOfBirth,
    address1: intent.address1,
    address2: intent.address2,
    city: intent.city,
    state: intent.state,
    postal_code: intent.postalCode,
    ip_address: intent.ipAddress,
    metadata: intent.metadata ?? {},
    ssn_last4: intent.ssnEnc ? decryptSecret(intent.ssnEnc, "pii").slice(-4) : null,
    client_user_id: intent.clientUserId,
    created_at: intent.createdAt.toISOString(),
    updated_at: intent.updatedAt.toISOString(),
  };
}
