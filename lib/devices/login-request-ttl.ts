import { LOGIN_REQUEST_TTL_S } from "@/lib/config/limits";

/**
 * Lifetime of a pending approval: 5 minutes, or shorter with TRUSTGATE_LOGIN_REQUEST_TTL_S
 * (seconds, 1–300). The variable can only shorten it; the e2e suite uses it to see expiry happen.
 */
export function loginRequestTtlS(): number {
  const value = Number(process.env.TRUSTGATE_LOGIN_REQUEST_TTL_S);
  return Number.isInteger(value) && value >= 1 && value <= LOGIN_REQUEST_TTL_S ? value : LOGIN_REQUEST_TTL_S;
}
