// Which SMS provider sends codes. The development outbox only stores messages, so a production
// server refuses it unless the operator asks for it by name (npm start's demo mode does).
import { configuredSmsProviderName as configuredProviderName } from "@/lib/config/sms-provider-name";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { outboxProvider } from "./outbox-provider";
import { twilioConfigFromEnv, twilioProvider } from "./twilio-provider";

import type { SmsProvider } from "./types";

export type { SmsProvider, SmsProviderName } from "./types";

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
