// TOTP (RFC 6238) on top of otplib: HMAC-SHA1, 6 digits, 30-second steps, ±1 step of clock skew
// (RFC 6238 §5.2), and replay refusal — a step that already verified something never verifies
// again (ASVS 6.5.1). The last used step is kept by the caller (one per factor or admin). The one
// TOTP home: partner factors (lib/authenticator), the end user's own app (lib/second-factor) and
// admin sign-in (lib/admin) all check codes here, with the one limit set in lib/config/limits.ts.
import { generate, generateSecret, generateURI, verify } from "otplib";
import { TOTP_PERIOD_S, TOTP_SECRET_BYTES, TOTP_SKEW_STEPS } from "@/lib/config/limits";

export const TOTP_DIGITS = 6;
const CODE_PATTERN = /^\d{6}$/;

/** A new 160-bit secret, Base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: TOTP_SECRET_BYTES });
}

/** The otpauth:// URI an authenticator app scans (Key Uri Format). */
export function totpUri(input: { issuer: string; label: string; secret: string }): string {
  return generateURI({ issuer: input.issuer, label: input.label, secret: input.secret, period: TOTP_PERIOD_S, digits: TOTP_DIGITS, algorithm: "sha1" });
}

/** The code for `epochS`. `secret` is Base32, or raw bytes (RFC 6238 Appendix B uses ASCII bytes). */
export async function totpCode(input: { secret: string | Uint8Array; epochS: number; digits?: 6 | 8 }): Promise<string> {
  return generate({ secret: input.secret, epoch: input.epochS, period: TOTP_PERIOD_S, digits: input.digits ?? TOTP_DIGITS, algorithm: "sha1" });
}

export function totpStep(epochS: number): number {
  return Math.floor(epochS / TOTP_PERIOD_S);
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "malformed" | "invalid" | "replayed" };

/** Checks `code` at `epochS` within the skew window; a step at or before `lastUsedStep` is a replay. */
export async function checkTotp(input: { secret: string; code: string; epochS: number; lastUsedStep: number | null }): Promise<TotpCheck> {
  if (!CODE_PATTERN.test(input.code)) return { ok: false, reason: "malformed" };
  const result = await verify({
    secret: input.secret,
    token: input.code,
    epoch: input.epochS,
    period: TOTP_PERIOD_S,
    digits: TOTP_DIGITS,
    algorithm: "sha1",
    epochTolerance: TOTP_SKEW_STEPS * TOTP_PERIOD_S,
  });
  // The functional API also serves HOTP; a TOTP answer carries the matched time step.
  if (!result.valid || !("timeStep" in result)) return { ok: false, reason: "invalid" };
  if (input.lastUsedStep !== null && result.timeStep <= input.lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step: result.timeStep };
}
