// Which SMS provider sends codes. The development outbox only stores messages, so a production
// server refuses it unless the operator asks for it by name (npm start's demo mode does).
import { isProduction } from "@/lib/config/settings";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { outboxProvider } from "./outbox-provider";
import { twilioConfigFromEnv, twilioProvider } from "./twilio-provider";

import type { SmsProvider, SmsProviderName } from "./types";

export type { SmsProvider, SmsProviderName } from "./types";

/** The configured provider name, or null when SMS_PROVIDER holds something unknown. */
function configuredProviderName(): SmsProviderName | null {
  const configured = process.env.SMS_PROVIDER?.trim();
  if (!configured) return isProduction() ? "twilio" : "outbox";
  return configured === "outbox" || configured === "twilio" ? configured : null;
}

/** True when messages go to the development outbox (and /dev/outbox may show them). */
export function outboxEnabled(): boolean {
  return configuredProviderName() === "outbox";
}

export function smsProvider(): SmsProvider {
  const name = configuredProviderName();
  if (name === "outbox") return outboxProvider;
  if (name === "twilio") return twilioProvider(twilioConfigFromEnv());
  logger.error({ smsProvider: process.env.SMS_PROVIDER }, "SMS_PROVIDER must be outbox or twilio");
  throw new ProductError("sms_provider_not_configured");
}
