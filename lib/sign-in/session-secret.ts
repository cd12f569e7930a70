import { hkdfSync } from "node:crypto";
import { currentSecret } from "@/lib/config/secret";

/** The key next-auth encrypts session JWTs with, derived from TRUSTGATE_SECRET. */
export function sessionSecret(): string {
  return Buffer.from(hkdfSync("sha256", currentSecret(), "trustgate", "trustgate/end-user-session/v1", 32)).toString("base64url");
}
