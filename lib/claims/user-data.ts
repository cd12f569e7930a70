// Everything a partner could be shown about a user, read in one query (GET /v1/user is a hot path:
// plain SQL), with the scopes the user consented to for that client.
import { sql } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";

export interface OidcAddress {
  formatted: string;
  street_address: string;
  locality: string;
  region: string;
  postal_code: string;
  country: string;
}

export interface UserData {
  id: string;
  phone: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
  /** From the user's latest personal verification (what the user typed into Trustgate's form). */
  address: OidcAddress | null;
  birthdate: string | null;
  verifiedGivenName: string | null;
  verifiedFamilyName: string | null;
  /** When the user's status last became `approved` (the verification decision). */
  verifiedAt: Date | null;
  /** Whether an identity document was part of the verification. */
  hasDocument: boolean;
  /** Scopes the user consented to for the asking client; null when never asked. */
  consented: string[] | null;
}

interface Row {
  id: string;
  phone: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  status: UserStatus;
  created_at: Date;
  updated_at: Date;
  personal: Record<string, string> | null;
  approved_at: Date | null;
  has_document: boolean;
  consented: string[] | null;
}

function addressOf(data: Record<string, string> | null): OidcAddress | null {
  if (!data?.address1 || !data.city) return null;
  const street = [data.address1, data.address2].filter(Boolean).join("\n");
  return {
    formatted: `${street}\n${data.city}, ${data.state ?? ""} ${data.postal_code ?? ""}\nUnited States`.replace(/ +\n/g, "\n"),
    street_address: street,
    locality: data.city,
    region: data.state ?? "",
    postal_code: data.postal_code ?? "",
    country: "US",
  };
}

export async function loadUserData(userId: string, clientId: string): Promise<UserData | null> {
  const [row] = await sql<Row>(
    `SELECT u.id, u.phone, u.email, u.first_name, u.last_name, u.status, u.created_at, u.updated_at,
       (SELECT s.data FROM verification_submissions s WHERE s.user_id = u.id AND s.kind = 'personal' ORDER BY s.created_at DESC LIMIT 1) AS personal,
       (SELECT max(a.created_at) FROM audit_events a WHERE a.user_id = u.id AND a.type = 'user.updated' AND a.data->>'to' = 'approved') AS approved_at,
       EXISTS (SELECT 1 FROM verification_documents d WHERE d.user_id = u.id) AS has_document,
       (SELECT c.scopes FROM consents c WHERE c.user_id = u.id AND c.client_id = $2) AS consented
     FROM users u WHERE u.id = $1::uuid`,
    [userId, clientId],
  );
  if (!row) return null;
  return {
    id: row.id,
    phone: row.phone,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    address: addressOf(row.personal),
    birthdate: row.personal?.date_of_birth ?? null,
    verifiedGivenName: row.personal?.first_name ?? null,
    verifiedFamilyName: row.personal?.last_name ?? null,
    verifiedAt: row.status === "approved" ? (row.approved_at ?? row.updated_at) : null,
    hasDocument: row.has_document,
    consented: row.consented,
  };
}
