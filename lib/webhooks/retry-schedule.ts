// Doubling backoff from 30 s: after attempt n fails, the next one waits 30 s · 2^(n−1).
import { WEBHOOK_BACKOFF_BASE_S, WEBHOOK_MAX_ATTEMPTS } from "@/lib/config/limits";

/** When the next attempt is due after `attempts` failed ones, or null when the delivery has failed for good. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return null;
  return new Date(now.getTime() + WEBHOOK_BACKOFF_BASE_S * 1000 * 2 ** Math.max(0, attempts - 1));
}
