// Session tokens carry 256 random bits, so a plain SHA-256 is enough to store them (a keyed hash
// is for low-entropy secrets such as SMS codes); lookups are by this hash.
import { sha256Hex } from "@/lib/crypto/random";

export const SESSION_TOKEN_PREFIX = "tat_";

export function hashSessionToken(token: string): string {
  return sha256Hex(token);
}
