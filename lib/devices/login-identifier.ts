// Cotter's `identifier` ("User's email, phone or username") for POST /v1/login_requests: a phone
// (any user, as before), an email, or the partner's own username — its `client_user_id`, set on a
// UserIntent and scoped to that client. Emails and usernames are read only from the calling client's
// own converted UserIntents — never from users.email, which another partner's intent may have set
// (unverified) and could point at somebody else; an identifier that finds nobody, or more than one
// user, gets the same answer as an unknown phone (a request that simply expires): the answer never
// tells who has an account.
import { z } from "zod";
import { sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { fictionalPhonesAccepted, normalizePhone, PHONE_FORMAT_MESSAGE } from "@/lib/phone/normalize";

export type LoginIdentifierKind = "phone" | "email" | "client_user_id";

export interface ResolvedLoginIdentifier {
  kind: LoginIdentifierKind;
  /** The phone of the request (the user's, or the identifier itself; "" for an unknown email or username). */
  phone: string;
  /** undefined: look the user up by phone; null: nobody. */
  userId: string | null | undefined;
  /** Rate-limit key: the phone, else a hash of client + identifier (never stored in clear). */
  identifierKey: string;
}

const CLIENT_USER_ID = /^[\x21-\x7e]{1,128}$/;
const emailSchema = z.email();

export async function resolveLoginIdentifier(client: { id: string; sandboxAutoApprove: boolean; demo: boolean }, raw: string): Promise<ResolvedLoginIdentifier> {
  const identifier = raw.trim();
  const phone = normalizePhone(identifier, { fictional: fictionalPhonesAccepted({ sandboxClient: client.sandboxAutoApprove || client.demo }) });
  if (phone) return { kind: "phone", phone, userId: undefined, identifierKey: phone };
  // "+…" is always meant as a phone (usernames may be digits, but never start with "+").
  if (/^\+[\d\s().-]+$/.test(identifier)) throw new ProductError("validation_failed", `identifier: ${PHONE_FORMAT_MESSAGE}`);

  const keyOf = (kind: string, value: string) => `${kind}:${sha256Hex(`${client.id}\n${value}`)}`;
  if (identifier.includes("@")) {
    const email = identifier.toLowerCase();
    if (!emailSchema.safeParse(email).success) throw new ProductError("validation_failed", "identifier: must be a phone number (E.164 or 10-digit US), an email address or your client_user_id");
    const rows = await db().$queryRaw<{ id: string; phone: string }[]>`
      SELECT DISTINCT u.id::text AS id, u.phone FROM users u
      WHERE u.id IN (
        SELECT ui.user_id FROM user_intents ui WHERE ui.client_id = ${client.id} AND lower(ui.email) = ${email} AND ui.user_id IS NOT NULL AND ui.status = 'converted_to_user')
      LIMIT 2`;
    return only(rows, "email", keyOf("email", email));
  }
  if (!CLIENT_USER_ID.test(identifier)) throw new ProductError("validation_failed", "identifier: must be a phone number (E.164 or 10-digit US), an email address or your client_user_id");
  const rows = await db().$queryRaw<{ id: string; phone: string }[]>`
    SELECT u.id::text AS id, u.phone FROM user_intents ui JOIN users u ON u.id = ui.user_id
    WHERE ui.client_id = ${client.id} AND ui.client_user_id = ${identifier} AND ui.status = 'converted_to_user'
    LIMIT 2`;
  return only(rows, "client_user_id", keyOf("client_user_id", identifier));
}

function only(rows: { id: string; phone: string }[], kind: LoginIdentifierKind, identifierKey: string): ResolvedLoginIdentifier {
  // Two users behind one email is ambiguous: nobody is asked (the request expires like an unknown one).
  if (rows.length !== 1) return { kind, phone: "", userId: null, identifierKey };
  const [only] = rows as [{ id: string; phone: string }];
  return { kind, phone: only.phone, userId: only.id, identifierKey };
}
