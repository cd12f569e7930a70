// One-time SMS sign-in codes. Only an HMAC of a code is stored; every guess is counted atomically
// before it is compared; a code is consumed atomically before it counts as a success. This module
// never looks at users, so its answers are the same whether or not anyone owns the phone number.
import { randomInt } from "node:crypto";
import {
  SMS_CODE_DIGITS,
  SMS_CODE_MAX_ATTEMPTS,
  SMS_CODE_TTL_S,
  SMS_RATE_WINDOW_S,
  SMS_RESEND_COOLDOWN_S,
  SMS_SENDS_PER_IP,
  SMS_SENDS_PER_PHONE,
  SMS_VERIFY_FAILURES_PER_IP,
  SMS_VERIFY_FAILURES_PER_PHONE,
} from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { hmacSha256Hex } from "@/lib/crypto/hmac";
import { constantTimeEqual } from "@/lib/crypto/random";
import { db, type Tx } from "@/lib/db";
import type { SmsCode } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { maskPhone } from "@/lib/phone/normalize";
import { hitRateLimit, peekRateLimit } from "@/lib/rate-limit/limiter";
import { smsProvider } from "./provider";

export type SmsCodePurpose = "login" | "phone_change";

export interface SignInCodeRequest {
  /** E.164, already normalised. */
  phone: string;
  ip: string;
  purpose?: SmsCodePurpose;
  requestId?: string;
}

export interface SignInCodeVerification extends SignInCodeRequest {
  code: string;
}

export type SignInCodeResult =
  | { ok: true }
  | { ok: false; reason: "malformed" | "invalid" | "expired" | "attempts_exhausted" | "rate_limited"; attemptsLeft?: number };

const HMAC_PURPOSE = "sms-code";
const CODE_PATTERN = new RegExp(`^\\d{${SMS_CODE_DIGITS}}$`);

function hashCode(code: string): string {
  return hmacSha256Hex(HMAC_PURPOSE, code);
}

export function smsCodeBody(code: string): string {
  // The last line is an origin-bound one-time code (WebOTP): browsers offer the code only on this
  // host, which stops it being phished onto another site. The format takes a host without port.
  const host = new URL(publicUrl()).hostname;
  return `Your Trustgate code is ${code}. It expires in ${SMS_CODE_TTL_S / 60} minutes. Never share it.\n\n@${host} #${code}`;
}

const sendKeys = (phone: string, ip: string) => ({ phone: `sms-send:phone:${phone}`, ip: `sms-send:ip:${ip}` });
const failureKeys = (phone: string, ip: string) => ({ phone: `sms-verify-fail:phone:${phone}`, ip: `sms-verify-fail:ip:${ip}` });

async function enforceCooldown(client: Pick<Tx, "smsCode">, phone: string, purpose: SmsCodePurpose): Promise<void> {
  const latest = await client.smsCode.findFirst({ where: { phone, purpose }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const cooldownEndsAt = latest ? latest.createdAt.getTime() + SMS_RESEND_COOLDOWN_S * 1000 : 0;
  if (cooldownEndsAt > Date.now()) {
    const waitS = Math.ceil((cooldownEndsAt - Date.now()) / 1000);
    throw new ProductError("sms_resend_too_soon", `Please wait ${waitS} second${waitS === 1 ? "" : "s"} before requesting another code`, { retry_after: waitS });
  }
}

/** Seconds until `phone` may be sent another code (0 when it may now): the code page's countdown. */
export async function resendWaitSeconds(phone: string, purpose: SmsCodePurpose = "login"): Promise<number> {
  const latest = await db().smsCode.findFirst({ where: { phone, purpose }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const endsAt = latest ? latest.createdAt.getTime() + SMS_RESEND_COOLDOWN_S * 1000 : 0;
  return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

/** Sends a new code to `phone`, invalidating earlier ones. Throws sms_resend_too_soon, sms_rate_limited, sms_provider_*. */
export async function requestSignInCode({ phone, ip, purpose = "login", requestId }: SignInCodeRequest): Promise<{ resendAvailableAt: Date; expiresAt: Date }> {
  // Checked here to refuse early without counting, and again under a lock before the code is created.
  await enforceCooldown(db(), phone, purpose);

  // A misconfigured provider fails here, before anything is counted or stored.
  const provider = smsProvider();

  // The IP is counted first, so one address cannot also use up a victim's per-phone quota once it is throttled.
  const keys = sendKeys(phone, ip);
  for (const [key, limit] of [[keys.ip, SMS_SENDS_PER_IP], [keys.phone, SMS_SENDS_PER_PHONE]] as const) {
    const counted = await hitRateLimit(key, limit, SMS_RATE_WINDOW_S);
    if (!counted.allowed) {
      const minutes = Math.max(1, Math.ceil(counted.retryAfterS / 60));
      throw new ProductError("sms_rate_limited", `Too many codes were requested: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, { retry_after: counted.retryAfterS });
    }
  }

  const code = randomInt(0, 10 ** SMS_CODE_DIGITS).toString().padStart(SMS_CODE_DIGITS, "0");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SMS_CODE_TTL_S * 1000);
  const created = await db().$transaction(async (tx) => {
    // Serialises requests for one phone and purpose, so two parallel requests cannot both pass the cooldown.
    await tx.$executeRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${`sms-code:${purpose}:${phone}`}))) AS locked`;
    await enforceCooldown(tx, phone, purpose);
    await tx.smsCode.updateMany({ where: { phone, purpose, consumedAt: null, invalidatedAt: null }, data: { invalidatedAt: now } });
    const row = await tx.smsCode.create({ data: { phone, purpose, codeHash: hashCode(code), ip, expiresAt, createdAt: now }, select: { id: true } });
    await emit(tx, {
      type: "sms_code.sent",
      actor: { type: "system" },
      subjectId: row.id,
      ip,
      requestId,
      data: { phone: maskPhone(phone), purpose, provider: provider.name, expires_at: expiresAt.toISOString() },
    });
    return row;
  });

  try {
    await provider.send(phone, smsCodeBody(code));
  } catch (error) {
    // Never delivered: drop it so the cooldown does not make the user wait for a code that never came.
    await db().$transaction(async (tx) => {
      await tx.smsCode.deleteMany({ where: { id: created.id } });
      await emit(tx, { type: "sms_code.send_failed", actor: { type: "system" }, subjectId: created.id, ip, requestId, data: { phone: maskPhone(phone), purpose, provider: provider.name } });
    });
    if (error instanceof ProductError) throw error;
    logger.error({ err: error, provider: provider.name }, "SMS provider threw");
    throw new ProductError("sms_provider_failed");
  }
  return { resendAvailableAt: new Date(now.getTime() + SMS_RESEND_COOLDOWN_S * 1000), expiresAt };
}

type CodeState = Pick<SmsCode, "id" | "attempts" | "expiresAt" | "consumedAt" | "invalidatedAt">;

/** Why the latest code for the phone cannot take another guess. */
function refusalReason(code: CodeState | null, now: Date): "invalid" | "expired" | "attempts_exhausted" {
  if (!code || code.consumedAt) return "invalid";
  if (code.attempts >= SMS_CODE_MAX_ATTEMPTS) return "attempts_exhausted";
  if (code.invalidatedAt) return "invalid";
  if (code.expiresAt.getTime() <= now.getTime()) return "expired";
  return "invalid";
}

/** Checks `code` against the latest code sent to `phone`; at most one concurrent caller gets ok. */
export async function verifySignInCode({ phone, code, ip, purpose = "login", requestId }: SignInCodeVerification): Promise<SignInCodeResult> {
  // A code that cannot be one (wrong length, not digits) is refused before it is counted: a typo
  // must not cost one of the tries, and it guesses nothing.
  if (!CODE_PATTERN.test(code)) return { ok: false, reason: "malformed" };
  const keys = failureKeys(phone, ip);
  const [phoneFailures, ipFailures] = await Promise.all([peekRateLimit(keys.phone, SMS_RATE_WINDOW_S), peekRateLimit(keys.ip, SMS_RATE_WINDOW_S)]);
  if (phoneFailures >= SMS_VERIFY_FAILURES_PER_PHONE || ipFailures >= SMS_VERIFY_FAILURES_PER_IP) {
    logger.warn({ phone: maskPhone(phone), ip, purpose }, "SMS code verification throttled");
    return { ok: false, reason: "rate_limited" };
  }

  const now = new Date();
  const latest = await db().smsCode.findFirst({
    where: { phone, purpose },
    orderBy: { createdAt: "desc" },
    select: { id: true, attempts: true, expiresAt: true, consumedAt: true, invalidatedAt: true },
  });

  // The guess is counted before it is compared, in one statement, so parallel guesses cannot
  // share an attempt. Rows that are spent, superseded or expired are not touched.
  const counted = latest
    ? await db().$queryRaw<{ code_hash: string; attempts: number }[]>`
        UPDATE sms_codes SET attempts = attempts + 1
        WHERE id = ${latest.id}::uuid AND attempts < ${SMS_CODE_MAX_ATTEMPTS} AND consumed_at IS NULL
          AND invalidated_at IS NULL AND expires_at > ${now}
        RETURNING code_hash, attempts`
    : [];
  const attempt = counted[0];
  if (!attempt || !latest) {
    const current = latest ? await db().smsCode.findUnique({ where: { id: latest.id } }) : null;
    return fail({ phone, ip, purpose, requestId, codeId: latest?.id ?? null, reason: refusalReason(current, now) });
  }

  const attempts = Number(attempt.attempts);
  const matches = constantTimeEqual(hashCode(code), attempt.code_hash);
  if (matches) {
    const consumed = await db().$transaction(async (tx) => {
      const { count } = await tx.smsCode.updateMany({ where: { id: latest.id, consumedAt: null, invalidatedAt: null }, data: { consumedAt: new Date() } });
      if (count !== 1) return false;
      await emit(tx, { type: "sms_code.verified", actor: { type: "system" }, subjectId: latest.id, ip, requestId, data: { phone: maskPhone(phone), purpose, attempts } });
      return true;
    });
    if (consumed) return { ok: true };
    return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "invalid" });
  }

  if (attempts >= SMS_CODE_MAX_ATTEMPTS) {
    await db().smsCode.updateMany({ where: { id: latest.id, invalidatedAt: null }, data: { invalidatedAt: new Date() } });
    return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "attempts_exhausted", attemptsLeft: 0 });
  }
  return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "invalid", attemptsLeft: SMS_CODE_MAX_ATTEMPTS - attempts });
}

interface Failure {
  phone: string;
  ip: string;
  purpose: SmsCodePurpose;
  requestId?: string;
  codeId: string | null;
  reason: "invalid" | "expired" | "attempts_exhausted";
  attemptsLeft?: number;
}

async function fail({ phone, ip, purpose, requestId, codeId, reason, attemptsLeft }: Failure): Promise<SignInCodeResult> {
  const keys = failureKeys(phone, ip);
  await hitRateLimit(keys.phone, SMS_VERIFY_FAILURES_PER_PHONE, SMS_RATE_WINDOW_S);
  await hitRateLimit(keys.ip, SMS_VERIFY_FAILURES_PER_IP, SMS_RATE_WINDOW_S);
  await db().$transaction((tx) =>
    emit(tx, { type: "sms_code.failed", actor: { type: "system" }, subjectId: codeId, ip, requestId, data: { phone: maskPhone(phone), purpose, reason } }),
  );
  return attemptsLeft === undefined ? { ok: false, reason } : { ok: false, reason, attemptsLeft };
}
