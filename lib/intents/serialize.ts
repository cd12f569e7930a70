// The partner-facing shape of a UserIntent (snake_case, Astra style). The SSN never leaves:
// only its last four digits, for the partner to recognise the record.
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { UserIntent } from "@/lib/db/generated/client";

export type UserIntentResource = {
  id: string;
  status: UserIntent["status"];
  user_id: string | null;
  type: UserIntent["type"];
  email: string;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  ip_address: string | null;
  metadata: unknown;
  ssn_last4: string | null;
  created_at: string;
  updated_at: string;
};

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
    created_at: intent.createdAt.toISOString(),
    updated_at: intent.updatedAt.toISOString(),
  };
}
