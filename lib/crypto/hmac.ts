// Keyed hashes of low-entropy secrets (e.g. 6-digit SMS codes). A plain SHA-256 of a million
// possible values is reversed offline in microseconds; an HMAC keyed from TRUSTGATE_SECRET is not,
// so a leaked database row does not reveal the code. The key is derived per purpose with HKDF,
// like lib/crypto/secret-box.ts, so no two uses share a key.
import { createHmac, hkdfSync } from "node:crypto";
import { currentSecret } from "@/lib/config/secret";

const VERSION = "v1";
const keyCache = new Map<string, Buffer>();

function hmacKey(purpose: string, rootSecret: string): Buffer {
  const cacheKey = `${purpose}\0${rootSecret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", rootSecret, "trustgate", `trustgate/hmac/${purpose}/${VERSION}`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** HMAC-SHA256 of `value` (hex) under the key for `purpose`, e.g. `hmacSha256Hex("sms-code", "123456")`. */
export function hmacSha256Hex(purpose: string, value: string, rootSecret = currentSecret()): string {
  return createHmac("sha256", hmacKey(purpose, rootSecret)).update(value, "utf8").digest("hex");
}
