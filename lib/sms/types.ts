// The SMS provider interface, in its own module: the implementations (outbox-provider.ts,
// twilio-provider.ts) import it, and provider.ts picks one of them (no import cycle).
export type SmsProviderName = "outbox" | "twilio";

export interface SmsProvider {
  name: SmsProviderName;
  /** Sends `body` to `to` (E.164). Throws ProductError("sms_provider_failed") when it was not accepted. */
  send(to: string, body: string): Promise<{ providerMessageId: string | null }>;
}
