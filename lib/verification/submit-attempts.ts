// Counts every verification submit attempt per user (shared by all instances): a signed-in user
// cannot make the server parse 20 MB uploads or re-validate forms in a loop.
import { VERIFICATION_SUBMIT_WINDOW_S, VERIFICATION_SUBMITS_PER_USER } from "@/lib/config/limits";
import { hitRateLimit } from "@/lib/rate-limit/limiter";

export async function countSubmitAttempt(userId: string): Promise<{ allowed: boolean; retryAfterS: number }> {
  const { allowed, retryAfterS } = await hitRateLimit(`verify-submit:${userId}`, VERIFICATION_SUBMITS_PER_USER, VERIFICATION_SUBMIT_WINDOW_S);
  return { allowed, retryAfterS };
}

export function tooManyAttemptsMessage(retryAfterS: number): string {
  return `Too many attempts. Try again in ${Math.max(1, Math.ceil(retryAfterS / 60))} minutes.`;
}
