// POST /v1/user_intent and GET /v1/user_intent inputs (SPEC §1 "UserIntent → User", Astra's
// UserIntent). Every field is checked and normalised here, once: email lower-case, phone E.164,
// SSN digits only, state upper-case. Unknown fields are refused so a typo never goes unnoticed.
import { z } from "zod";
import { LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX, USER_INTENT_METADATA_MAX_BYTES } from "@/lib/config/limits";
import type { Prisma } from "@/lib/db/generated/client";
import { UserIntentStatus } from "@/lib/db/generated/enums";
import { phoneSchemaAllowingFictional } from "@/lib/phone/normalize";
import { textField } from "@/lib/validation/text";

const requiredString = { error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : "must be a string") };

// C0/C1 control characters have no place in names or addresses (they break logs and documents).
function text(max: number, options: { allowEmpty?: boolean } = {}) {
  return textField(max, { allowEmpty: options.allowEmpty, typeError: options.allowEmpty ? "must be a string (send an empty string when there is none)" : undefined });
}

/** USPS codes: the 50 states, DC, the territories, the freely associated states and military mail. */
export const US_STATE_CODES = [
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
  "MA",
  "MI",
  "MN",
  "MS",
  "MO",
  "MT",
  "NE",
  "NV",
  "NH",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VT",
  "VA",
  "WA",
  "WV",
  "WI",
  "WY",
  "DC",
  "AS",
  "GU",
  "MP",
  "PR",
  "VI",
  "FM",
  "MH",
  "PW",
  "AA",
  "AE",
  "AP",
] as const;
const STATE_SET = new Set<string>(US_STATE_CODES);

/** The oldest accepted birth date: an age of 130 years. */
const MAX_AGE_YEARS = 130;

const dateOfBirth = z
  .string(requiredString)
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date in YYYY-MM-DD format")
  .superRefine((value, ctx) => {
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      ctx.addIssue({ code: "custom", message: `${value} is not a calendar date` });
      return;
    }
    const today = new Date().toISOString().slice(0, 10);
    if (value > today) ctx.addIssue({ code: "custom", message: "must be in the past" });
    const oldest = `${Number(today.slice(0, 4)) - MAX_AGE_YEARS}${today.slice(4)}`;
    if (value < oldest) ctx.addIssue({ code: "custom", message: `must be within the last ${MAX_AGE_YEARS} years` });
  });

/** SSA rules: area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
function isIssuableSsn(digits: string): boolean {
  const area = digits.slice(0, 3);
  return area !== "000" && area !== "666" && area[0] !== "9" && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

const ssn = z
  .string(requiredString)
  .trim()
  .regex(/^\d{3}-?\d{2}-?\d{4}$/, "must be 9 digits, dashes allowed (123-45-6789)")
  .transform((value) => value.replace(/-/g, ""))
  .refine(isIssuableSsn, "is not a valid SSN (area 000, 666 and 900–999, group 00 and serial 0000 are never issued)");

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
const ipAddress = z
  .string(requiredString)
  .trim()
  .refine((value) => ipv4.safeParse(value).success || ipv6.safeParse(value).success, "must be an IPv4 or IPv6 address");

/** A JSON object, echoed back as sent; kept as the parsed value (not copied key by key). */
const metadata = z.unknown().transform((value, ctx) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be a JSON object" });
    return z.NEVER;
  }
  const size = new TextEncoder().encode(JSON.stringify(value)).length;
  if (size > USER_INTENT_METADATA_MAX_BYTES) {
    ctx.addIssue({ code: "custom", message: `must be at most ${USER_INTENT_METADATA_MAX_BYTES} bytes as JSON (it is ${size})` });
    return z.NEVER;
  }
  return value as Prisma.InputJsonObject;
});

export const createUserIntentInput = z.strictObject({
  email: z
    .string(requiredString)
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email("must be a valid email address"))
    .meta({ description: "Stored lower-case; at most 3 intents per email per client", examples: ["jane.doe@example.com"] }),
  phone: z
    .string(requiredString)
    .pipe(phoneSchemaAllowingFictional)
    .meta({
      description: "E.164 or 10-digit US; stored as E.164. Fictional numbers (NANP 555-01xx, +15555551234) only for a sandbox client or while SMS goes to the outbox",
      examples: ["4155550123", "+14155550123"],
    }),
  first_name: text(100),
  last_name: text(100),
  date_of_birth: dateOfBirth.meta({ description: "YYYY-MM-DD, in the past", examples: ["1990-01-01"] }),
  ssn: ssn.meta({ description: "9 digits, dashes allowed; stored encrypted, only the last 4 are ever returned", examples: ["123-45-6789"] }),
  address1: text(200),
  // Astra asks for "" rather than null when there is no second address line.
  address2: text(200, { allowEmpty: true }).default(""),
  city: text(100),
  state: z
    .string(requiredString)
    .trim()
    .toUpperCase()
    .refine((value) => STATE_SET.has(value), "must be a US state, DC or territory postal code (e.g. CA, DC, PR)")
    .meta({ description: "USPS code of a state, DC or territory", examples: ["CA"] }),
  postal_code: z
    .string(requiredString)
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, "must be a ZIP code (12345) or ZIP+4 (12345-6789)"),
  ip_address: ipAddress.meta({ description: "The end user's IPv4 or IPv6 address", examples: ["203.0.113.9"] }),
  type: z.enum(["personal", "business"], { error: "must be personal or business" }).default("personal"),
  metadata: metadata.optional().meta({ type: "object", description: `Your own JSON object (at most ${USER_INTENT_METADATA_MAX_BYTES} bytes), echoed in answers and webhooks` }),
  client_user_id: z
    .string("must be a string")
    .trim()
    .min(1, "must not be empty")
    .max(128, "must be at most 128 characters")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .refine((value) => !value.startsWith("+"), "must not start with + (identifiers starting with + are phone numbers)")
    .optional()
    .meta({
      description: "Your own id for this user (Cotter `client_user_id`), unique among your intents. Once the intent is converted, `POST /v1/login_requests` accepts it as `identifier` and login events carry it",
      examples: ["abcdefgh-d15c-466f-aaa3-f029a8e534c3"],
    }),
});
export type CreateUserIntentInput = z.output<typeof createUserIntentInput>;

export const userIntentStatusSchema = z.enum(Object.values(UserIntentStatus) as [UserIntentStatus, ...UserIntentStatus[]], {
  error: `must be one of: ${Object.values(UserIntentStatus).join(", ")}`,
});

export const listUserIntentsQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be an integer from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .transform(Number)
    .refine((value) => value >= 1 && value <= LIST_PAGE_SIZE_MAX, `must be an integer from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .default(LIST_PAGE_SIZE_DEFAULT)
    .meta({ description: `Page size, 1 to ${LIST_PAGE_SIZE_MAX} (default ${LIST_PAGE_SIZE_DEFAULT})` }),
  cursor: z.string().min(1, "must not be empty").max(200, "is not a cursor returned by this API").optional().meta({ description: "next_cursor of the previous page" }),
  email: z.string().trim().toLowerCase().max(254).optional().meta({ description: "Only intents with this email" }),
});
export type ListUserIntentsQuery = z.output<typeof listUserIntentsQuery>;

/** GET /v1/user_intent/{id}: any string; one that is not an intent of the caller answers 404. */
export const userIntentPathParams = z.object({ id: z.string().min(1).meta({ description: "The intent's id (uuid)" }) });
