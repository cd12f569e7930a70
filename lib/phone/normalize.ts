// Phone numbers: E.164 everywhere inside Trustgate. Input may be E.164 or a 10-digit US number
// (Astra accepts both), with the usual punctuation.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

/** The E.164 form of `input`, or null when it is not a valid phone number. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed || trimmed.length > 32 || !/^[+\d\s().-]+$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, trimmed.startsWith("+") ? undefined : "US");
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** zod: accepts E.164 or 10-digit US, outputs E.164. */
export const phoneSchema = z.string().transform((value, ctx) => {
  const phone = normalizePhone(value);
  if (!phone) {
    ctx.addIssue({ code: "custom", message: "must be a valid phone number in E.164 (+15555550100) or 10-digit US format" });
    return z.NEVER;
  }
  return phone;
});

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
