// The /verify/personal and /verify/business forms, validated once on the server with zod. Field
// names are the form's input names (flat, snake_case), so an error maps straight to its input.
import { z } from "zod";
import { BENEFICIAL_OWNER_MIN_PERCENT, BENEFICIAL_OWNERS_MAX, VERIFICATION_MIN_AGE_YEARS } from "@/lib/config/limits";
import { textField } from "@/lib/validation/text";
import { normalizeEin, normalizeSsn } from "./identifiers";
import { US_STATES } from "./us-states";

const text = (label: string, max: number) => textField(max, { label });
const optionalText = (label: string, max: number) => textField(max, { label, allowEmpty: true });

const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .,-]*$/u;
function personName(label: string) {
  return text(label, 100).refine((value) => NAME.test(value), `Use letters, spaces, hyphens and apostrophes in ${label}`);
}

/** A real calendar date (YYYY-MM-DD) of someone at least 18 and at most 125 years old. */
export function adultDateOfBirth(now: () => Date = () => new Date()) {
  return z
    .string()
    .trim()
    .min(1, "Enter the date of birth")
    .superRefine((value, ctx) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        ctx.addIssue({ code: "custom", message: "Enter a real date, for example 1990-12-31" });
        return;
      }
      const today = now();
      const age = today.getUTCFullYear() - year - (today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day) ? 1 : 0);
      if (date > today) ctx.addIssue({ code: "custom", message: "The date of birth cannot be in the future" });
      else if (age < VERIFICATION_MIN_AGE_YEARS) ctx.addIssue({ code: "custom", message: `You must be at least ${VERIFICATION_MIN_AGE_YEARS} years old` });
      else if (age > 125) ctx.addIssue({ code: "custom", message: "Check the year of birth" });
    });
}

const ssn = z
  .string()
  .trim()
  .min(1, "Enter the Social Security number")
  .transform((value, ctx) => {
    const normalized = normalizeSsn(value);
    if (!normalized) {
      ctx.addIssue({ code: "custom", message: "Enter a valid 9-digit Social Security number, for example 123-45-6789" });
      return z.NEVER;
    }
    return normalized;
  });

const ein = z
  .string()
  .trim()
  .min(1, "Enter the Employer Identification Number")
  .transform((value, ctx) => {
    const normalized = normalizeEin(value);
    if (!normalized) {
      ctx.addIssue({ code: "custom", message: "Enter a valid 9-digit EIN, for example 12-3456789" });
      return z.NEVER;
    }
    return normalized;
  });

/** `whose` names the address in messages when a form has several ("the controller's city"). */
function address(prefix: string, whose = "the") {
  return {
    [`${prefix}address1`]: text(`${whose} street address`, 200),
    [`${prefix}address2`]: optionalText("Apartment, suite or unit", 200),
    [`${prefix}city`]: text(`${whose} city`, 100),
    [`${prefix}state`]: z
      .string()
      .trim()
      .toUpperCase()
      .refine((value) => (US_STATES as readonly string[]).includes(value), whose === "the" ? "Choose a US state" : `Choose ${whose} US state`),
    [`${prefix}postal_code`]: z
      .string()
      .trim()
      .regex(/^\d{5}(-\d{4})?$/, `Enter ${whose === "the" ? "a" : whose} 5-digit ZIP code, for example 94105`),
  } as const;
}

export function personalVerificationSchema(now?: () => Date) {
  return z.object({
    first_name: personName("the legal first name"),
    last_name: personName("the legal last name"),
    date_of_birth: adultDateOfBirth(now),
    ssn,
    ...address(""),
  });
}

const ownerPercent = z
  .string()
  .trim()
  .min(1, "Enter the ownership percentage")
  .transform((value, ctx) => {
    const percent = /^\d{1,3}(\.\d{1,2})?$/.test(value) ? Number(value) : NaN;
    if (!(percent >= BENEFICIAL_OWNER_MIN_PERCENT && percent <= 100)) {
      ctx.addIssue({ code: "custom", message: `Enter a percentage from ${BENEFICIAL_OWNER_MIN_PERCENT} to 100 (only owners of ${BENEFICIAL_OWNER_MIN_PERCENT}% or more are listed)` });
      return z.NEVER;
    }
    return percent;
  });

export const OWNER_FIELDS = ["first_name", "last_name", "date_of_birth", "percent"] as const;

export function ownerSchema(index: number, now?: () => Date) {
  const p = `owner${index}_`;
  return z.object({
    [`${p}first_name`]: personName("the owner's first name"),
    [`${p}last_name`]: personName("the owner's last name"),
    [`${p}date_of_birth`]: adultDateOfBirth(now),
    [`${p}percent`]: ownerPercent,
  });
}

export function businessVerificationSchema(now?: () => Date) {
  return z.object({
    business_name: text("the legal business name", 200),
    ein,
    ...address("business_", "the business's"),
    controller_first_name: personName("the controller's first name"),
    controller_last_name: personName("the controller's last name"),
    controller_title: text("the controller's job title", 100),
    controller_date_of_birth: adultDateOfBirth(now),
    controller_ssn: ssn,
    ...address("controller_", "the controller's"),
  });
}

/** Every input name of the business form, owners included (what the page renders and re-fills). */
export function ownerFieldNames(index: number): string[] {
  return OWNER_FIELDS.map((field) => `owner${index}_${field}`);
}

export const OWNER_SLOTS = Array.from({ length: BENEFICIAL_OWNERS_MAX }, (_, i) => i + 1);
