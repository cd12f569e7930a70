// What the domain code calls to count: each function is one counter increment with a bounded label.
import type { DomainEvent } from "@/lib/events/types";
import { trustgateMetrics } from "./registry";

const GRANT_TYPES = new Set(["authorization_code", "refresh_token", "client_credentials"]);
const SIGN_IN_METHODS = new Set(["sms_otp", "passkey", "trusted_auth", "trusted_device"]);

/** A token endpoint answer: "issued", or the OAuth error code it answered with. */
export function recordGrant(grantType: string | null, outcome: string): void {
  trustgateMetrics().grants.inc({ grant_type: grantType && GRANT_TYPES.has(grantType) ? grantType : "other", outcome });
}

export function recordSmsSend(provider: string, sent: boolean): void {
  trustgateMetrics().smsSends.inc({ provider, outcome: sent ? "sent" : "failed" });
}

export function recordWebhookAttempt(outcome: "succeeded" | "retrying" | "failed" | "lost"): void {
  trustgateMetrics().webhookAttempts.inc({ outcome });
}

function signInMethod(data: DomainEvent["data"]): string {
  const method = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).auth_method : undefined;
  return typeof method === "string" && SIGN_IN_METHODS.has(method) ? method : "other";
}

/**
 * Sign-ins, counted from the domain events that record them (lib/events/emit.ts), so every way in
 * is counted where it is audited. Counted when emitted: a transaction that rolls back afterwards
 * still counts its attempt.
 */
export function recordSignInEvent(event: DomainEvent): void {
  const signIns = trustgateMetrics().signIns;
  switch (event.type) {
    case "user.signed_in":
      return signIns.inc({ method: signInMethod(event.data), outcome: "success" });
    case "sms_code.failed":
      return signIns.inc({ method: "sms_otp", outcome: "failure" });
    case "user.second_factor_failed":
      return signIns.inc({ method: "second_factor", outcome: "failure" });
    case "trusted_auth.token_rejected":
      return signIns.inc({ method: "trusted_auth", outcome: "failure" });
    case "admin.signed_in":
      return signIns.inc({ method: "admin", outcome: "success" });
    case "admin.login_failed":
    case "admin.login_refused":
      return signIns.inc({ method: "admin", outcome: "failure" });
  }
}
