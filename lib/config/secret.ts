// TRUSTGATE_SECRET: the root key that encrypts private keys and other secrets at rest.
// Required when running on an external database; generated into the data directory otherwise.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TRUSTGATE_SECRET_MIN_LENGTH } from "./limits";

const SECRET_FILE = "trustgate-secret";

export function validateSecret(secret: string): string {
  if (secret.length < TRUSTGATE_SECRET_MIN_LENGTH) {
    throw new Error(`TRUSTGATE_SECRET must be at least ${TRUSTGATE_SECRET_MIN_LENGTH} characters (try: openssl rand -base64 32)`);
  }
  return secret;
}

/** Returns TRUSTGATE_SECRET, or the embedded database's own secret (created once, mode 0600). */
export function resolveSecret(embeddedDataDir: string | null): string {
  const fromEnv = process.env.TRUSTGATE_SECRET;
  if (fromEnv) return validateSecret(fromEnv);
  if (!embeddedDataDir) {
    throw new Error("TRUSTGATE_SECRET is required when DATABASE_URL is set (try: openssl rand -base64 32)");
  }
  const file = path.join(embeddedDataDir, SECRET_FILE);
  try {
    return validateSecret(fs.readFileSync(file, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(embeddedDataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return validateSecret(fs.readFileSync(file, "utf8").trim());
    throw error;
  }
}

/** The secret the running process uses (the launcher or CLI resolved it into the environment). */
export function currentSecret(): string {
  const secret = process.env.TRUSTGATE_SECRET;
  if (!secret) throw new Error("TRUSTGATE_SECRET is not set: start Trustgate with npm start or npm run serve");
  return validateSecret(secret);
}
