// Recovery codes for the end user's second factor: 10 random single-use codes, shown once, stored
// as keyed HMACs (lib/crypto/hmac: a leaked table reveals nothing), regenerated as a whole set.
import { randomBytes } from "node:crypto";
import { RECOVERY_CODE_COUNT } from "@/lib/config/limits";
import { hmacSha256Hex } from "@/lib/crypto/hmac";
import type { Tx } from "@/lib/db";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, no 0/O or 1/I look-alikes

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => ALPHABET[byte & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Case, spaces and dashes do not matter when a person types a code back. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  return /^[A-Z2-9]{10}$/.test(compact) ? compact : null;
}

export function recoveryCodeHash(normalized: string): string {
  return hmacSha256Hex("recovery-code", normalized);
}

/** Replaces every recovery code of the user; returns the new ones (the only time they are readable). */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(normalizeRecoveryCode(code)!) })) });
  return codes;
}

/** Spends one recovery code: exactly one concurrent caller wins a given code. */
export async function consumeRecoveryCode(tx: Tx, userId: string, input: string, now: Date): Promise<boolean> {
  const normalized = normalizeRecoveryCode(input);
  if (!normalized) return false;
  const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: recoveryCodeHash(normalized), usedAt: null }, data: { usedAt: now } });
  return count === 1;
}
