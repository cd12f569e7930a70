import { decryptSecret } from "@/lib/crypto/secret-box";

/** The Base32 TOTP secret of a factor or an authenticator app (stored encrypted, "totp" purpose). */
export function totpSecretOf(row: { secretEnc: string }): string {
  return decryptSecret(row.secretEnc, "totp");
}
