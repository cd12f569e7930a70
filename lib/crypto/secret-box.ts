// Authenticated encryption of secrets at rest: AES-256-GCM, key derived from TRUSTGATE_SECRET with
// HKDF per purpose, so a key used for TOTP secrets never decrypts signing keys.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { currentSecret } from "@/lib/config/secret";

export type SecretPurpose = "signing-key" | "totp" | "webhook-secret" | "customer-api-header" | "pii";

const VERSION = "v1";
const keyCache = new Map<string, Buffer>();

function keyFor(purpose: SecretPurpose, rootSecret: string): Buffer {
  const cacheKey = `${purpose}\0${rootSecret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", rootSecret, "trustgate", `trustgate/${purpose}/${VERSION}`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function encryptSecret(plaintext: string, purpose: SecretPurpose, rootSecret = currentSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose, rootSecret), iv);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, purpose: SecretPurpose, rootSecret = currentSecret()): string {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose, rootSecret), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`Cannot decrypt a stored ${purpose}: was TRUSTGATE_SECRET changed?`);
  }
}
