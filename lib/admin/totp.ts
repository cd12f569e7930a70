// What is particular to the admins' authenticator app: the issuer name and the enrolment QR code.
// Codes are checked by lib/crypto/totp.ts (the one TOTP home and limit set).
import QRCode from "qrcode";
import { totpUri } from "@/lib/crypto/totp";

export const TOTP_ISSUER = "Trustgate Admin";

export function adminTotpUri(email: string, secret: string): string {
  return totpUri({ issuer: TOTP_ISSUER, label: email, secret });
}

/** Drawn at 440 px for a 220 CSS px image: sharp on 2× screens (Lighthouse's image-size-responsive). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 440 });
}
