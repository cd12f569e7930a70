// Which SMS provider is configured, read from SMS_PROVIDER: one home for the rule, used by the SMS
// module (which provider sends) and by phone validation (the outbox accepts fictional numbers).
import { isProduction } from "./settings";

export type SmsProviderName = "outbox" | "twilio";

/** The configured provider name, or null when SMS_PROVIDER holds something unknown. */
export function configuredSmsProviderName(): SmsProviderName | null {
  const configured = process.env.SMS_PROVIDER?.trim();
  if (!configured) return isProduction() ? "twilio" : "outbox";
  return configured === "outbox" || configured === "twilio" ? configured : null;
}
