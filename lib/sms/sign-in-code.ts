// One-time SMS sign-in codes. Only an HMAC of a code is stored; every guess is counted atomically
// before it is compared; a code is consumed atomically before it counts as a success. This module
// never looks at users, so its answers are the same whether or not anyone owns the phone number.
import { translatorFor } from "@/lib/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { recordSmsSend } from "@/lib/metrics/record";
import { randomInt, randomUUID } from "node:crypto";
import {
  SMS_ACCOUNT_FAILURE_CAP,
  SMS_ACCOUNT_FAILURE_WINDOW_S,
  SMS_CODE_DIGITS,
  SMS_CODE_MAX_ATTEMPTS,
  SMS_CODE_TTL_S,
  SMS_HOME_IP_WINDOW_S,
  SMS_RATE_WINDOW_S,
  SMS_RESEND_COOLDOWN_S,
  SMS_SENDS_PER_IP,
  SMS_SENDS_PER_PHONE,
  SMS_SENDS_PER_PHONE_PER_IP,
  SMS_VERIFY_FAILURE_TIERS,
  SMS_VERIFY_FAILURES_PER_IP,
} from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { hmacSha256Hex } from "@/lib/crypto/hmac";
import { constantTimeEqual } from "@/lib/crypto/random";
import { db, sql, sqlTransaction, type Tx } from "@/lib/db";
import type { SmsCode } from "@/lib/db/generated/client";
import { auditEventCte, emit, record, recordableInline, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { maskPhone } from "@/lib/phone/normalize";
import { hitRateLimit, peekRateLimits, resetRateLimit, windowStart } from "@/lib/rate-limit/limiter";
import { smsProvider } from "./provider";

export type SmsCodePurpose = "login" | "phone_change" | "action_challenge";

export interface SignInCodeRequest {
  /** E.164, already normalised. */
  phone: string;
  ip: string;
  purpose?: SmsCodePurpose;
  requestId?: string;
  /** The language of the text (the sign-in page's); English when not given. */
  locale?: Locale;
}

export interface SignInCodeVerification extends SignInCodeRequest {
  code: string;
}

export type SignInCodeResult = { ok: true } | { ok: false; reason: "malformed" | "invalid" | "expired" | "attempts_exhausted" | "rate_limited"; attemptsLeft?: number };

const HMAC_PURPOSE = "sms-code";
const CODE_PATTERN = new RegExp(`^\\d{${SMS_CODE_DIGITS}}$`);

function hashCode(code: string): string {
  return hmacSha256Hex(HMAC_PURPOSE, code);
}

export function smsCodeBody(code: string, locale: Locale = DEFAULT_LOCALE): string {
  // The last line is an origin-bound one-time code (WebOTP): browsers offer the code only on this
  // host, which stops it being phished onto another site. The format takes a host without port.
  const host = new URL(publicUrl()).hostname;
  return `${translatorFor(locale)("sms.signInCode", { code, minutes: SMS_CODE_TTL_S / 60 })}\n\n@${host} #${code}`;
}

// The abuse model (numbers and reasons: docs/security.md, "SMS sign-in an attacker cannot block"):
//   sends     per IP 30/h · per (phone, IP) 3/h (10/h from the phone's home IPs) · per phone 10/h, except from home IPs
//   guesses   per code 5 · per (phone, IP) 5/min, 10/10 min, 20/h (progressive delay) · per IP 50/h
//             · per account 100 consecutive (NIST SP 800-63B §5.2.2), guesses at a live code only
const sendKeys = (phone: string, ip: string) => ({ phone: `sms-send:phone:${phone}`, ip: `sms-send:ip:${ip}`, pair: `sms-send:pair:${phone}:${ip}`, home: `sms-home:${phone}:${ip}` });
const failureKeys = (phone: string, ip: string) => ({ ip: `sms-verify-fail:ip:${ip}`, pair: `sms-verify-fail:pair:${phone}:${ip}`, account: `sms-verify-fail:account:${phone}` });

function rateLimited(retryAfterS: number): ProductError {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  return new ProductError("sms_rate_limited", `Too many codes were requested: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, { retry_after: retryAfterS });
}

/** When the latest code to `phone` was sent (plain SQL: read on every code page and send). */
async function latestCodeSentAt(phone: string, purpose: SmsCodePurpose): Promise<Date | null> {
  const [row] = await sql<{ created_at: Date }>(`SELECT created_at FROM sms_codes WHERE phone = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1`, [phone, purpose]);
  return row?.created_at ?? null;
}

/** Outside a transaction `client` is null: the read goes through plain SQL. */
async function enforceCooldown(client: Pick<Tx, "smsCode"> | null, phone: string, purpose: SmsCodePurpose): Promise<void> {
  const sentAt = client ? (await client.smsCode.findFirst({ where: { phone, purpose }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }))?.createdAt : await latestCodeSentAt(phone, purpose);
  if (sentAt) throwIfCoolingDown(sentAt);
}

/** sms_resend_too_soon while a code sent at `sentAt` is within SMS_RESEND_COOLDOWN_S. */
function throwIfCoolingDown(sentAt: Date, now = Date.now()): void {
  const cooldownEndsAt = sentAt.getTime() + SMS_RESEND_COOLDOWN_S * 1000;
  if (cooldownEndsAt > now) {
    const waitS = Math.ceil((cooldownEndsAt - now) / 1000);
    throw new ProductError("sms_resend_too_soon", `Please wait ${waitS} second${waitS === 1 ? "" : "s"} before requesting another code`, { retry_after: waitS });
  }
}

/** Seconds until `phone` may be sent another code (0 when it may now): the code page's countdown. */
export async function resendWaitSeconds(phone: string, purpose: SmsCodePurpose = "login"): Promise<number> {
  const sentAt = await latestCodeSentAt(phone, purpose);
  const endsAt = sentAt ? sentAt.getTime() + SMS_RESEND_COOLDOWN_S * 1000 : 0;
  return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

/**
 * The code row (earlier codes invalidated) and its audit row in one plain-SQL transaction, when
 * nothing but the audit log listens to sms_code.sent (recordableInline): the same steps and lock
 * as the Prisma transaction below, without its per-query cost. Throws sms_resend_too_soon.
 */
async function storeCodeInline(code: { phone: string; purpose: SmsCodePurpose; codeHash: string; ip: string; expiresAt: Date; now: Date }, sent: (id: string) => DomainEvent): Promise<{ id: string }> {
  const id = randomUUID();
  await sqlTransaction(async (query) => {
    // Serialises requests for one phone and purpose; the cooldown is read after the lock (a new statement, a new snapshot).
    await query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sms-code:${code.purpose}:${code.phone}`]);
    const [latest] = await query<{ created_at: Date }>(`SELECT created_at FROM sms_codes WHERE phone = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1`, [code.phone, code.purpose]);
    if (latest) throwIfCoolingDown(latest.created_at);
    await query(`UPDATE sms_codes SET invalidated_at = $3 WHERE phone = $1 AND purpose = $2 AND consumed_at IS NULL AND invalidated_at IS NULL`, [code.phone, code.purpose, code.now]);
    const audit = auditEventCte("audit", "created", sent(id), 8);
    await query(
      `WITH created AS (
         INSERT INTO sms_codes (id, phone, purpose, code_hash, ip, expires_at, created_at) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7) RETURNING id
       ), ${audit.cte}
       SELECT 1`,
      [id, code.phone, code.purpose, code.codeHash, code.ip, code.expiresAt, code.now, ...audit.values],
    );
  });
  return { id };
}

/**
 * The send budgets, narrowest first, in ONE statement (it was a cooldown read, a peek and three
 * counts): nothing is counted while the cooldown runs; a source over its own budget (per IP) never
 * reaches or spends the (phone, IP) pair's, and a pair over its budget never spends the phone's.
 * The owner's own (home) IP — one that verified this phone before — may spend the phone's whole
 * budget as its pair budget and is not counted against the phone's total (which binds strangers
 * only). Throws sms_resend_too_soon or sms_rate_limited.
 */
async function countSend(phone: string, ip: string, purpose: SmsCodePurpose): Promise<void> {
  const keys = sendKeys(phone, ip);
  const now = Date.now();
  const start = windowStart(SMS_RATE_WINDOW_S, now);
  const expiresAt = new Date(start.getTime() + SMS_RATE_WINDOW_S * 1000);
  const count = (cte: string, key: string, when: string) =>
    `${cte} AS (INSERT INTO rate_limit_buckets (key, window_start, count, expires_at) SELECT ${key}, $2::timestamptz, 1, $3::timestamptz FROM state WHERE ${when}
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1 RETURNING count)`;
  const [row] = await sql<{ sent_at: Date | null; home: boolean; ip: number | null; pair: number | null; phone: number | null }>(
    `WITH state AS (
       SELECT (SELECT created_at FROM sms_codes WHERE phone = $4::text AND purpose = $5::text ORDER BY created_at DESC LIMIT 1) AS sent_at,
              EXISTS (SELECT 1 FROM rate_limit_buckets WHERE key = $6::text AND window_start = $7::timestamptz AND count > 0) AS home
     ),
     ${count("ip", "$1::text", "sent_at IS NULL OR sent_at <= $8::timestamptz")},
     ${count("pair", "$9::text", "(SELECT count FROM ip) <= $10::int")},
     ${count("phone", "$11::text", "NOT home AND (SELECT count FROM pair) <= $12::int")}
     SELECT sent_at, home, (SELECT count FROM ip) AS ip, (SELECT count FROM pair) AS pair, (SELECT count FROM phone) AS phone FROM state`,
    [keys.ip, start, expiresAt, phone, purpose, keys.home, windowStart(SMS_HOME_IP_WINDOW_S, now), new Date(now - SMS_RESEND_COOLDOWN_S * 1000), keys.pair, SMS_SENDS_PER_IP, keys.phone, SMS_SENDS_PER_PHONE_PER_IP],
  );
  // Judged at the statement's own instant: nothing counted ⇔ the cooldown was running then.
  if (row!.sent_at) throwIfCoolingDown(row!.sent_at, now);
  const retryAfterS = Math.ceil((expiresAt.getTime() - now) / 1000);
  if (Number(row!.ip) > SMS_SENDS_PER_IP) throw rateLimited(retryAfterS);
  if (Number(row!.pair) > (row!.home ? SMS_SENDS_PER_PHONE : SMS_SENDS_PER_PHONE_PER_IP)) throw rateLimited(retryAfterS);
  if (!row!.home && Number(row!.phone) > SMS_SENDS_PER_PHONE) throw rateLimited(retryAfterS);
}

/** Sends a new code to `phone`, invalidating earlier ones. Throws sms_resend_too_soon, sms_rate_limited, sms_provider_*. */
export async function requestSignInCode({ phone, ip, purpose = "login", requestId, locale }: SignInCodeRequest): Promise<{ resendAvailableAt: Date; expiresAt: Date }> {
  // A misconfigured provider fails here, before anything is counted or stored.
  const provider = smsProvider();
  // The cooldown (checked here to refuse early without counting, and again under a lock before the
  // code is created) and the send budgets, in one statement.
  await countSend(phone, ip, purpose);

  const code = randomInt(0, 10 ** SMS_CODE_DIGITS)
    .toString()
    .padStart(SMS_CODE_DIGITS, "0");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SMS_CODE_TTL_S * 1000);
  const sent = (id: string): DomainEvent => ({
    type: "sms_code.sent",
    actor: { type: "system" },
    subjectId: id,
    ip,
    requestId,
    data: { phone: maskPhone(phone), purpose, provider: provider.name, expires_at: expiresAt.toISOString() },
  });
  const created = recordableInline("sms_code.sent")
    ? await storeCodeInline({ phone, purpose, codeHash: hashCode(code), ip, expiresAt, now }, sent)
    : await db().$transaction(async (tx) => {
        // Serialises requests for one phone and purpose, so two parallel requests cannot both pass the cooldown.
        await tx.$executeRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${`sms-code:${purpose}:${phone}`}))) AS locked`;
        await enforceCooldown(tx, phone, purpose);
        await tx.smsCode.updateMany({ where: { phone, purpose, consumedAt: null, invalidatedAt: null }, data: { invalidatedAt: now } });
        const row = await tx.smsCode.create({ data: { phone, purpose, codeHash: hashCode(code), ip, expiresAt, createdAt: now }, select: { id: true } });
        await emit(tx, sent(row.id));
        return row;
      });

  try {
    await provider.send(phone, smsCodeBody(code, locale));
    recordSmsSend(provider.name, true);
  } catch (error) {
    recordSmsSend(provider.name, false);
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
  // One statement for all the failure counters this guess is held to.
  const [ipFailures = 0, accountFailures = 0, ...pairFailures] = await peekRateLimits([
    [keys.ip, SMS_RATE_WINDOW_S],
    [keys.account, SMS_ACCOUNT_FAILURE_WINDOW_S],
    ...SMS_VERIFY_FAILURE_TIERS.map(([, windowS]) => [`${keys.pair}:${windowS}`, windowS] as const),
  ]);
  const delayed = SMS_VERIFY_FAILURE_TIERS.some(([limit], index) => pairFailures[index]! >= limit);
  if (ipFailures >= SMS_VERIFY_FAILURES_PER_IP || delayed || accountFailures >= SMS_ACCOUNT_FAILURE_CAP) {
    logger.warn({ phone: maskPhone(phone), ip, purpose, account_cap: accountFailures >= SMS_ACCOUNT_FAILURE_CAP }, "SMS code verification throttled");
    return { ok: false, reason: "rate_limited" };
  }

  const now = new Date();
  const [latest] = await sql<{ id: string; attempts: number; foreignAttempts: number; ip: string | null; expiresAt: Date; consumedAt: Date | null; invalidatedAt: Date | null }>(
    `SELECT id, attempts, foreign_attempts AS "foreignAttempts", ip, expires_at AS "expiresAt", consumed_at AS "consumedAt", invalidated_at AS "invalidatedAt"
     FROM sms_codes WHERE phone = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1`,
    [phone, purpose],
  );

  // The guess is counted before it is compared, in one statement, so parallel guesses cannot
  // share an attempt. Rows that are spent, superseded or expired are not touched. Guesses from
  // the IP that asked for the code and from anywhere else have separate budgets of
  // SMS_CODE_MAX_ATTEMPTS each: a stranger cannot use up the requester's tries.
  const own = !latest?.ip || latest.ip === ip;
  const counted = !latest
    ? []
    : own
      ? await sql<{ code_hash: string; attempts: number }>(
          `UPDATE sms_codes SET attempts = attempts + 1
           WHERE id = $1::uuid AND attempts < $2 AND consumed_at IS NULL AND invalidated_at IS NULL AND expires_at > $3
           RETURNING code_hash, attempts`,
          [latest.id, SMS_CODE_MAX_ATTEMPTS, now],
        )
      : await sql<{ code_hash: string; attempts: number }>(
          `UPDATE sms_codes SET foreign_attempts = foreign_attempts + 1
           WHERE id = $1::uuid AND foreign_attempts < $2 AND attempts < $2 AND consumed_at IS NULL AND invalidated_at IS NULL AND expires_at > $3
           RETURNING code_hash, foreign_attempts AS attempts`,
          [latest.id, SMS_CODE_MAX_ATTEMPTS, now],
        );
  const attempt = counted[0];
  if (!attempt || !latest) {
    // No live code took the guess: it costs the guesser's (phone, IP) and IP budgets, not the account.
    const current = latest ? await db().smsCode.findUnique({ where: { id: latest.id } }) : null;
    if (current && !own && current.foreignAttempts >= SMS_CODE_MAX_ATTEMPTS && !current.consumedAt && !current.invalidatedAt) {
      return fail({ phone, ip, purpose, requestId, codeId: current.id, reason: "attempts_exhausted", attemptsLeft: 0, againstAccount: false });
    }
    return fail({ phone, ip, purpose, requestId, codeId: latest?.id ?? null, reason: refusalReason(current, now), againstAccount: false });
  }

  const attempts = Number(attempt.attempts);
  const matches = constantTimeEqual(hashCode(code), attempt.code_hash);
  if (matches) {
    const verified: DomainEvent = { type: "sms_code.verified", actor: { type: "system" }, subjectId: latest.id, ip, requestId, data: { phone: maskPhone(phone), purpose, attempts } };
    const consume = `UPDATE sms_codes SET consumed_at = $2 WHERE id = $1::uuid AND consumed_at IS NULL AND invalidated_at IS NULL RETURNING id`;
    // The code consumed and the audit row written in one statement when nothing else listens to the event.
    const consumed = recordableInline(verified.type)
      ? await (async () => {
          const audit = auditEventCte("audit", "consumed", verified, 3);
          const [row] = await sql<{ consumed: number }>(`WITH consumed AS (${consume}), ${audit.cte} SELECT count(*)::int AS consumed FROM consumed`, [latest.id, new Date(), ...audit.values]);
          return row?.consumed === 1;
        })()
      : await db().$transaction(async (tx) => {
          const { count } = await tx.smsCode.updateMany({ where: { id: latest.id, consumedAt: null, invalidatedAt: null }, data: { consumedAt: new Date() } });
          if (count !== 1) return false;
          await emit(tx, verified);
          return true;
        });
    if (consumed) {
      // A success ends the run of failures, and this IP becomes one of the phone's own sources.
      await resetRateLimit(keys.account, SMS_ACCOUNT_FAILURE_WINDOW_S);
      await hitRateLimit(sendKeys(phone, ip).home, Number.MAX_SAFE_INTEGER, SMS_HOME_IP_WINDOW_S);
      return { ok: true };
    }
    return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "invalid", againstAccount: false });
  }

  if (attempts >= SMS_CODE_MAX_ATTEMPTS) {
    // The requester's own tries are spent: the code is void. Strangers' spent tries only stop them.
    if (own) await db().smsCode.updateMany({ where: { id: latest.id, invalidatedAt: null }, data: { invalidatedAt: new Date() } });
    return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "attempts_exhausted", attemptsLeft: 0, againstAccount: true });
  }
  return fail({ phone, ip, purpose, requestId, codeId: latest.id, reason: "invalid", attemptsLeft: SMS_CODE_MAX_ATTEMPTS - attempts, againstAccount: true });
}

interface Failure {
  phone: string;
  ip: string;
  purpose: SmsCodePurpose;
  requestId?: string;
  codeId: string | null;
  reason: "invalid" | "expired" | "attempts_exhausted";
  attemptsLeft?: number;
  /** A guess a live code took counts against the account's NIST cap; any other does not. */
  againstAccount: boolean;
}

async function fail({ phone, ip, purpose, requestId, codeId, reason, attemptsLeft, againstAccount }: Failure): Promise<SignInCodeResult> {
  const keys = failureKeys(phone, ip);
  await hitRateLimit(keys.ip, SMS_VERIFY_FAILURES_PER_IP, SMS_RATE_WINDOW_S);
  for (const [limit, windowS] of SMS_VERIFY_FAILURE_TIERS) await hitRateLimit(`${keys.pair}:${windowS}`, limit, windowS);
  if (againstAccount) await hitRateLimit(keys.account, SMS_ACCOUNT_FAILURE_CAP, SMS_ACCOUNT_FAILURE_WINDOW_S);
  await record({ type: "sms_code.failed", actor: { type: "system" }, subjectId: codeId, ip, requestId, data: { phone: maskPhone(phone), purpose, reason } });
  return attemptsLeft === undefined ? { ok: false, reason } : { ok: false, reason, attemptsLeft };
}
