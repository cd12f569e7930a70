// The webhook signature contract (Stripe style): `Trustgate-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is signed with the body, so a receiver
// that rejects |now − t| > 300 s cannot be fed a recorded delivery later.
import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "Trustgate-Signature";
export const WEBHOOK_ID_HEADER = "Trustgate-Webhook-Id";

export function signatureHeader(secret: string, timestampS: number, rawBody: string): string {
  const v1 = createHmac("sha256", secret).update(`${timestampS}.${rawBody}`, "utf8").digest("hex");
  return `t=${timestampS},v1=${v1}`;
}
