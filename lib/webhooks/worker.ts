// The delivery worker. Each round: claim due rows in one statement (FOR UPDATE SKIP LOCKED, so
// instances sharing a database never claim the same row; the claim commits at once), send with no
// transaction open, then record the outcome — only if the claim's lease is still ours. A worker
// that dies mid-send leaves a lease that expires after WEBHOOK_LEASE_S, and the row is due again.
import { randomUUID } from "node:crypto";
import { WEBHOOK_BATCH_SIZE, WEBHOOK_LEASE_S, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_POLL_INTERVAL_MS } from "@/lib/config/limits";
import { signingSecretOf } from "@/lib/clients/signing-secret";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { logger } from "@/lib/log/logger";
import { signLogoutToken, type LogoutTokenClaims } from "@/lib/logout/logout-token";
import { recordWebhookAttempt } from "@/lib/metrics/record";
import { nextAttemptAfterFailure } from "./retry-schedule";
import { postDelivery, type SendResult } from "./send";
import { SIGNATURE_HEADER, signatureHeader, WEBHOOK_ID_HEADER } from "./signature";

export type Clock = () => Date;

interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  client_id: string;
  kind: "webhook" | "authenticator_callback" | "backchannel_logout";
  event_type: string;
  body: string;
  url: string;
  attempts: number;
  lease_id: string;
}

export interface BatchResult {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
}

/** Claims up to `limit` due deliveries for this worker and counts the attempt. */
export async function claimDueDeliveries(now: Date, limit = WEBHOOK_BATCH_SIZE): Promise<ClaimedDelivery[]> {
  const lease = randomUUID();
  const leaseUntil = new Date(now.getTime() + WEBHOOK_LEASE_S * 1000);
  const rows = await db().$queryRaw<ClaimedDelivery[]>`
    WITH due AS (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d
    SET attempts = d.attempts + 1, lease_id = ${lease}::uuid, next_attempt_at = ${leaseUntil}, last_attempt_at = ${now}, updated_at = ${now}
    FROM due WHERE d.id = due.id
    RETURNING d.id::text AS id, d.webhook_id, d.client_id, d.kind::text AS kind, d.event_type, d.body, d.url, d.attempts, d.lease_id::text AS lease_id`;
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}

async function attempt(delivery: ClaimedDelivery, now: Date): Promise<SendResult> {
  if (delivery.kind === "backchannel_logout") {
    // Back-Channel Logout 1.0 §2.5: a form POST of the logout token, signed now (fresh iat).
    const token = await signLogoutToken(JSON.parse(delivery.body) as LogoutTokenClaims, delivery.webhook_id, now);
    return postDelivery(delivery.url, new URLSearchParams({ logout_token: token }).toString(), { "Content-Type": "application/x-www-form-urlencoded", [WEBHOOK_ID_HEADER]: delivery.webhook_id });
  }
  // Read at send time, so a rotated secret signs the retries too.
  const secret = await signingSecretOf(delivery.client_id);
  const headers: Record<string, string> = { [WEBHOOK_ID_HEADER]: delivery.webhook_id };
  if (secret) headers[SIGNATURE_HEADER] = signatureHeader(secret, Math.floor(now.getTime() / 1000), delivery.body);
  return postDelivery(delivery.url, delivery.body, headers);
}

/** Records one attempt's outcome; false when the lease was lost (resent or reclaimed meanwhile). */
async function record(delivery: ClaimedDelivery, result: SendResult, now: Date): Promise<"succeeded" | "retrying" | "failed" | "lost"> {
  const fence = { id: delivery.id, leaseId: delivery.lease_id, status: "pending" as const };
  const response = { lastResponseStatus: result.status, lastResponseBody: result.responseBody, lastError: result.error, leaseId: null };
  if (result.ok) {
    const { count } = await db().webhookDelivery.updateMany({ where: fence, data: { ...response, status: "succeeded", deliveredAt: now, nextAttemptAt: now } });
    return count === 1 ? "succeeded" : "lost";
  }
  const next = result.permanent ? null : nextAttemptAfterFailure(delivery.attempts, now);
  if (next) {
    const { count } = await db().webhookDelivery.updateMany({ where: fence, data: { ...response, nextAttemptAt: next } });
    return count === 1 ? "retrying" : "lost";
  }
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({ where: fence, data: { ...response, status: "failed", nextAttemptAt: now } });
    if (count !== 1) return "lost" as const;
    await emit(tx, {
      type: "webhook.delivery_failed",
      actor: { type: "system" },
      clientId: delivery.client_id,
      subjectId: delivery.id,
      data: { webhook_id: delivery.webhook_id, event_type: delivery.event_type, attempts: delivery.attempts, max_attempts: WEBHOOK_MAX_ATTEMPTS, last_error: result.error },
    });
    return "failed" as const;
  });
}

/**
 * Gives back the rows these leases hold (a stopping worker whose sends outlive its shutdown bound):
 * due at once for another worker, instead of after the lease expires. The attempt still counts,
 * and the lease fence makes this worker's late outcome "lost", so a row is never recorded twice.
 */
export async function releaseLeases(leaseIds: string[]): Promise<number> {
  if (!leaseIds.length) return 0;
  const rows = await db().$executeRaw`
    UPDATE webhook_deliveries SET lease_id = NULL, next_attempt_at = now(), updated_at = now()
    WHERE status = 'pending' AND lease_id = ANY(${leaseIds}::uuid[])`;
  return rows;
}

/** One round: claim, send each (in parallel, outside any transaction), record. */
export async function runDeliveryBatch(options: { now?: Clock; limit?: number; leases?: Set<string> } = {}): Promise<BatchResult> {
  const now = options.now ?? (() => new Date());
  const claimed = await claimDueDeliveries(now(), options.limit);
  const lease = claimed[0]?.lease_id;
  if (lease) options.leases?.add(lease);
  const result: BatchResult = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (delivery) => {
      const sent = await attempt(delivery, now()).catch((error: unknown): SendResult => {
        logger.warn({ err: error, deliveryId: delivery.id }, "webhook delivery attempt crashed");
        return { ok: false, status: null, responseBody: null, error: "connect_failed" };
      });
      const outcome = await record(delivery, sent, now());
      recordWebhookAttempt(outcome);
      if (outcome !== "lost") result[outcome] += 1;
      logger.info({ deliveryId: delivery.id, webhookId: delivery.webhook_id, attempt: delivery.attempts, outcome, status: sent.status, error: sent.error }, "webhook delivery attempt");
    }),
  );
  if (lease) options.leases?.delete(lease);
  return result;
}

export interface DeliveryWorker {
  /**
   * Claims nothing more, waits up to `boundMs` for the round in flight to record its outcomes,
   * then releases whatever leases are still held.
   */
  stop(boundMs?: number): Promise<void>;
}

/** How long a stopping worker waits for its sends: one webhook timeout and the recording after it. */
const STOP_BOUND_MS = 7_000;

/** Runs rounds until stopped: at once while rounds come back full, else every `intervalMs`. */
export function startDeliveryWorker(options: { now?: Clock; intervalMs?: number; limit?: number } = {}): DeliveryWorker {
  const intervalMs = options.intervalMs ?? WEBHOOK_POLL_INTERVAL_MS;
  const limit = options.limit ?? WEBHOOK_BATCH_SIZE;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const leases = new Set<string>();
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        full = (await runDeliveryBatch({ now: options.now, limit, leases })).claimed >= limit;
      } catch (error) {
        logger.warn({ err: error }, "webhook delivery round failed");
      }
      if (full || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    async stop(boundMs = STOP_BOUND_MS) {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      let bound: NodeJS.Timeout | undefined;
      const finished = await Promise.race([loop.then(() => true), new Promise<false>((resolve) => (bound = setTimeout(() => resolve(false), boundMs)))]);
      clearTimeout(bound);
      if (finished) return;
      const released = await releaseLeases([...leases]).catch(() => 0);
      logger.warn({ released }, "webhook worker stopped with sends in flight: their rows are due again");
    },
  };
}
