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

/** For display: +1 •••• ••• 0100 style, revealing only the last four digits. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, e164.length > 11 ? 3 : 2)} ••• ••• ${e164.slice(-4)}`;
}
