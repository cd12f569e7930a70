// Action tokens: 256 bits, `tga_`-prefixed, stored only as SHA-256, short-lived (ACTION_TOKEN_TTL_S).
// The same token is spent once by POST /v1/validate and opens the hosted challenge page.
import { ACTION_TOKEN_BYTES } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";

const TOKEN_PREFIX = "tga_";
const TOKEN_SHAPE = /^tga_[A-Za-z0-9_-]{43}$/;

export function newActionToken(): string {
  return TOKEN_PREFIX + randomToken(ACTION_TOKEN_BYTES);
}

/** The stored hash of a presented token, or null when it cannot be one of ours (no DB lookup). */
export function actionTokenHash(token: string): string | null {
  return TOKEN_SHAPE.test(token) ? sha256Hex(token) : null;
}
