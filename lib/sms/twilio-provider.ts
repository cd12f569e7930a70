// Twilio Programmable Messaging over its REST API (POST /2010-04-01/Accounts/{sid}/Messages.json).
// Failures are logged with Twilio's error code for the operator; the caller only learns that the
// SMS was not sent. The message body holds a sign-in code, so it is neither logged nor stored.
import { SMS_PROVIDER_TIMEOUT_MS } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { maskPhone, normalizePhone } from "@/lib/phone/normalize";
import { outboundSpan } from "@/lib/tracing/tracer";
import type { SmsProvider } from "./types";

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Sender number (E.164); used when no messaging service is configured. */
  from: string | null;
  /** Preferred over `from` when set: Twilio then picks the sender from the service's pool. */
  messagingServiceSid: string | null;
  apiBaseUrl: string;
}

const DEFAULT_API_BASE_URL = "https://api.twilio.com";
/** Enough of an error answer to log Twilio's code and message, not an unbounded body. */
const MAX_LOGGED_ERROR_CHARS = 500;

export function twilioConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TwilioConfig {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() ?? "";
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() ?? "";
  const from = env.TWILIO_FROM?.trim() || null;
  const messagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID?.trim() || null;
  const missing = [...(accountSid ? [] : ["TWILIO_ACCOUNT_SID"]), ...(authToken ? [] : ["TWILIO_AUTH_TOKEN"]), ...(from || messagingServiceSid ? [] : ["TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID"])];
  if (missing.length > 0) {
    logger.error({ missing }, "SMS provider twilio is not configured (set SMS_PROVIDER=outbox for the development outbox)");
    throw new ProductError("sms_provider_not_configured");
  }
  const apiBaseUrl = (env.TWILIO_API_BASE_URL?.trim() || DEFAULT_API_BASE_URL).replace(/\/+$/, "");
  return { accountSid, authToken, from, messagingServiceSid, apiBaseUrl };
}

function failed(details: Record<string, unknown>): ProductError {
  logger.error({ provider: "twilio", ...details }, "SMS provider failed");
  return new ProductError("sms_provider_failed");
}

export function twilioProvider(config: TwilioConfig): SmsProvider {
  return {
    name: "twilio",
    async send(to, body) {
      // Live SMS keeps strict validation: a fictional (sandbox) number is never sent to the carrier.
      if (normalizePhone(to, { fictional: false }) !== to) throw new ProductError("validation_failed", "phone: a live SMS needs a real phone number (fictional numbers work only with the outbox)");
      const form = new URLSearchParams({ To: to, Body: body });
      if (config.messagingServiceSid) form.set("MessagingServiceSid", config.messagingServiceSid);
      else if (config.from) form.set("From", config.from);
      const url = `${config.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
      const credentials = Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64");

      let response: Response;
      try {
        const headers = { Authorization: `Basic ${credentials}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
        response = await outboundSpan("sms.twilio.send", url, headers, (traced) => fetch(url, { method: "POST", headers: traced, body: form.toString(), signal: AbortSignal.timeout(SMS_PROVIDER_TIMEOUT_MS), redirect: "error" }));
      } catch (error) {
        const err = error as Error;
        throw failed({ to: maskPhone(to), reason: err.name === "TimeoutError" ? "timeout" : "network", error: err.message, cause: (err.cause as { code?: string } | undefined)?.code });
      }

      const text = await response.text().catch(() => "");
      if (!response.ok) {
        let twilioError: { code?: unknown; message?: unknown; more_info?: unknown } = {};
        try {
          twilioError = JSON.parse(text) as typeof twilioError;
        } catch {
          twilioError = { message: text.slice(0, MAX_LOGGED_ERROR_CHARS) };
        }
        throw failed({ to: maskPhone(to), status: response.status, twilioCode: twilioError.code, twilioMessage: twilioError.message, moreInfo: twilioError.more_info });
      }

      let sid: unknown;
      try {
        sid = (JSON.parse(text) as { sid?: unknown }).sid;
      } catch {
        sid = undefined;
      }
      if (typeof sid !== "string" || !sid) throw failed({ to: maskPhone(to), status: response.status, reason: "answer without a message sid" });

      // A record that a message went out, for support and abuse review; never the code itself.
      try {
        await db().smsMessage.create({ data: { to, body: "[redacted]", provider: "twilio", providerMessageId: sid } });
      } catch (error) {
        logger.error({ err: error, providerMessageId: sid }, "could not record a sent SMS");
      }
      return { providerMessageId: sid };
    },
  };
}
