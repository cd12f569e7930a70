// Client secrets: 256-bit random, shown once, stored as SHA-256 (a fast hash is right for
// high-entropy secrets; a memory-hard one would only slow down every token request).
import { randomBytes } from "node:crypto";
import { CLIENT_ID_BYTES, CLIENT_SECRET_BYTES } from "@/lib/config/limits";
import { constantTimeEqual, randomToken, sha256Hex } from "@/lib/crypto/random";

const SECRET_PREFIX = "tgs_";

/** Hex, so an id never starts with "-" (which command lines would take for an option). */
export function newClientId(): string {
  return randomBytes(CLIENT_ID_BYTES).toString("hex");
}

export function newClientSecret(): { secret: string; hash: string } {
  const secret = SECRET_PREFIX + randomToken(CLIENT_SECRET_BYTES);
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return sha256Hex(secret);
}

// Compared against when the client is unknown or public, so timing does not reveal which.
const DUMMY_HASH = hashClientSecret("unknown-client");

export function clientSecretMatches(storedHash: string | null, presented: string): boolean {
  return secretHashMatches(storedHash, hashClientSecret(presented));
}

/**
 * Whether the presented secret matches either stored hash (the current one, and the previous one
 * within a rotation's grace period): hashed once, compared against both every time.
 */
export function clientSecretMatchesEither(current: string | null, previous: string | null, presented: string): { current: boolean; previous: boolean } {
  const hash = hashClientSecret(presented);
  return { current: secretHashMatches(current, hash), previous: secretHashMatches(previous, hash) };
}

function secretHashMatches(storedHash: string | null, presentedHash: string): boolean {
  const ok = constantTimeEqual(storedHash ?? DUMMY_HASH, presentedHash);
  return ok && storedHash !== null;
}
