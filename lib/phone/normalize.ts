// Phone numbers: E.164 everywhere inside Trustgate. Input may be E.164 or a 10-digit US number
// (Astra accepts both), with the usual punctuation.
//
// Fictional numbers — NANP 555-01xx in any area code (reserved for fiction by NANPA) and the
// seeds' `+15555551234` — are not valid numbers (libphonenumber refuses them), but examples and
// demos use them. They are accepted where no real SMS is sent: with the development outbox
// (SMS_PROVIDER=outbox), and for a sandbox client's intents and login requests. A live provider
// keeps strict validation (and the Twilio provider refuses them before calling out).
import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import { configuredSmsProviderName } from "@/lib/config/sms-provider-name";

/** A number Trustgate always accepts; the example in every phone error message. */
export const PHONE_EXAMPLE = "+12015550123";
export const PHONE_FORMAT_MESSAGE = `must be a valid phone number in E.164 (${PHONE_EXAMPLE}) or 10-digit US format`;

/** The seeds' customer phone (Astra trusted auth), outside the 555-01xx range. */
const SEED_EXAMPLE_PHONES = new Set(["+15555551234"]);

function isFictionalParsed(parsed: PhoneNumber): boolean {
  if (parsed.countryCallingCode !== "1") return false;
  const national = parsed.nationalNumber;
  return (national.length === 10 && national.slice(3, 6) === "555" && national.slice(6, 8) === "01") || SEED_EXAMPLE_PHONES.has(parsed.number);
}

/** Whether `e164` is one of the fictional numbers above. */
export function isFictionalPhone(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  return Boolean(parsed && isFictionalParsed(parsed));
}

/** Fictional numbers are accepted everywhere while SMS goes to the development outbox. */
export function fictionalPhonesAccepted(context: { sandboxClient?: boolean } = {}): boolean {
  return configuredSmsProviderName() === "outbox" || context.sandboxClient === true;
}

/**
 * The E.164 form of `input`, or null when it is not a valid phone number. `fictional` decides
 * whether the fictional ranges count (default: only while the SMS outbox is configured).
 */
export function normalizePhone(input: string, options: { fictional?: boolean } = {}): string | null {
  const trimmed = input.trim();
  if (!trimmed || trimmed.length > 32 || !/^[+\d\s().-]+$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, trimmed.startsWith("+") ? undefined : "US");
  if (!parsed) return null;
  if (parsed.isValid()) return parsed.number;
  const fictional = options.fictional ?? fictionalPhonesAccepted();
  return fictional && parsed.isPossible() && isFictionalParsed(parsed) ? parsed.number : null;
}

function phoneSchemaWith(fictional: () => boolean) {
  return z.string().transform((value, ctx) => {
    const phone = normalizePhone(value, { fictional: fictional() });
    if (!phone) {
      ctx.addIssue({ code: "custom", message: PHONE_FORMAT_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });
}

/** zod: accepts E.164 or 10-digit US, outputs E.164 (fictional numbers only with the SMS outbox). */
export const phoneSchema = phoneSchemaWith(() => fictionalPhonesAccepted());

/**
 * zod for inputs whose client is not known yet (a UserIntent): fictional numbers pass here and the
 * domain function refuses them unless fictionalPhonesAccepted({ sandboxClient }) says otherwise.
 */
export const phoneSchemaAllowingFictional = phoneSchemaWith(() => true);

/**
 * For display, revealing only the country calling code and the last four digits:
 * "+1 (•••) •••-0101" for North America, "+44 ••• ••• 0101" elsewhere — the calling code is read
 * from the number (a US number is never shown as "+14 …").
 */
export function maskPhone(e164: string): string {
  const last4 = e164.slice(-4);
  const callingCode = parsePhoneNumberFromString(e164)?.countryCallingCode;
  if (callingCode === "1") return `+1 (•••) •••-${last4}`;
  return callingCode ? `+${callingCode} ••• ••• ${last4}` : `••• ••• ${last4}`;
}
