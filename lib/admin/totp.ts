// Admin TOTP (RFC 6238) with otplib 13: 30 s steps, ±1 step of skew, and a code's time step is
// accepted at most once per admin (RFC 6238 §5.2) — the caller stores the returned step.
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { TOTP_EPOCH_TOLERANCE_S } from "@/lib/config/limits";

export const TOTP_ISSUER = "Trustgate Admin";

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** Drawn at 440 px for a 220 CSS px image: sharp on 2× screens (Lighthouse's image-size-responsive). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 440 });
}

export type TotpCheck = { ok: true; timeStep: number } | { ok: false; reason: "invalid" | "replayed" };

/** Checks `code` against `secret`; a code of step ≤ `lastStep` is a replay. `now` in ms (tests inject it). */
export async function checkTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): Promise<TotpCheck> {
  const token = code.replace(/\s/g, "");
  // otplib throws on malformed tokens: only six digits reach it.
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: "invalid" };
  const epoch = Math.floor(now / 1000);
  const result = await verify({ secret, token, epoch, epochTolerance: TOTP_EPOCH_TOLERANCE_S });
  if (!result.valid || !("timeStep" in result)) return { ok: false, reason: "invalid" };
  if (lastStep !== null && result.timeStep <= lastStep) return { ok: false, reason: "replayed" };
  return { ok: true, timeStep: result.timeStep };
}
