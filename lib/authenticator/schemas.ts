// Authenticator API inputs and outputs (SPEC §4, tru.ID's Authenticator and console APIs). The
// routes parse with these and the OpenAPI document is generated from the same schemas.
import { z } from "zod";
import { AUTHENTICATOR_EXTERNAL_ID_MAX, AUTHENTICATOR_MESSAGE_MAX, AUTHENTICATOR_REFERENCE_ID_MAX, LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX } from "@/lib/config/limits";
import { phoneSchema } from "@/lib/phone/normalize";
import { textField } from "@/lib/validation/text";
import { webhookUrlProblem } from "@/lib/webhooks/url-policy";

const text = (max: number) => textField(max);

// ---- Project configuration (GET|PATCH /console/v0.2/workspaces/{workspace_id}/projects/{project_id})

/** Callbacks go out through the webhooks outbox: the same outbound URL rule (lib/outbound: https, no internal address unless TRUSTGATE_OUTBOUND_ALLOW). */
export const callbackUrlSchema = z.string({ error: "must be a string" }).superRefine((url, ctx) => {
  const problem = webhookUrlProblem(url);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const authenticatorConfiguration = z.strictObject({
  issuer_name: text(100).nullable().optional(),
  challenge_callback_url: callbackUrlSchema.nullable().optional(),
  challenge_default_message: text(AUTHENTICATOR_MESSAGE_MAX).nullable().optional(),
});

/** The writable part of a project after a patch: only `configuration.authenticator` exists today. */
export const projectConfiguration = z.strictObject({
  authenticator: authenticatorConfiguration.optional(),
});

export const projectParams = z.object({ workspace_id: z.string(), project_id: z.string() });

export const projectResource = z.object({
  project_id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  configuration: z.object({
    authenticator: z.object({
      issuer_name: z.string().nullable(),
      challenge_callback_url: z.string().nullable(),
      challenge_default_message: z.string().nullable(),
    }),
  }),
  _links: z.object({ self: z.object({ href: z.string() }) }),
});
export type ProjectResource = z.output<typeof projectResource>;

// ---- JSON Patch (RFC 6902)

const pointer = z
  .string()
  .max(200)
  .regex(/^(\/[^/]*)*$/, "must be a JSON Pointer (RFC 6901)");
export const jsonPatchOperation = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ op: z.literal("add"), path: pointer, value: z.unknown() }),
    z.strictObject({ op: z.literal("replace"), path: pointer, value: z.unknown() }),
    z.strictObject({ op: z.literal("test"), path: pointer, value: z.unknown() }),
    z.strictObject({ op: z.literal("remove"), path: pointer }),
    z.strictObject({ op: z.literal("move"), path: pointer, from: pointer }),
    z.strictObject({ op: z.literal("copy"), path: pointer, from: pointer }),
  ],
  { error: "op must be one of add, remove, replace, move, copy, test" },
);
export const jsonPatchDocument = z.array(jsonPatchOperation).min(1, "must contain at least one operation").max(20, "must contain at most 20 operations");
export type JsonPatchDocument = z.output<typeof jsonPatchDocument>;

// ---- Factors

export const TOTP_CODE = /^\d{6}$/;
const totpCode = z.string({ error: "must be a string of 6 digits" }).trim().regex(TOTP_CODE, "must be 6 digits");

export const factorStatus = z.enum(["PENDING", "ACTIVE", "INACTIVE"]);
export const challengeStatus = z.enum(["PENDING", "VERIFIED", "FAILED", "EXPIRED"]);

export const createFactorInput = z.strictObject({
  phone_number: z.string({ error: "is required" }).pipe(phoneSchema),
  external_user_id: text(AUTHENTICATOR_EXTERNAL_ID_MAX),
});
export type CreateFactorInput = z.output<typeof createFactorInput>;

/** A factor after applying the partner's patch: a code to activate it, or a new status. */
export const patchedFactor = z.strictObject({ status: factorStatus, code: totpCode.optional() }).refine((value) => !(value.code !== undefined && value.status !== "PENDING"), "send either a code or a new status, not both");
export type PatchedFactor = z.output<typeof patchedFactor>;

/** The plain-JSON alternative to the patch: `{"code": "123456"}`. */
export const factorCodeBody = z.strictObject({ code: totpCode });

export const factorParams = z.object({ factor_id: z.string() });
export const challengeParams = z.object({ factor_id: z.string(), challenge_id: z.string() });

export const listFactorsQuery = z.object({
  search: z
    .string()
    .max(AUTHENTICATOR_EXTERNAL_ID_MAX + 20)
    .regex(/^external_user_id==.+$/, "must be external_user_id==<value>")
    .transform((value) => value.slice("external_user_id==".length))
    .optional(),
  page: z
    .string()
    .regex(/^\d{1,6}$/, "must be a page number from 1")
    .transform(Number)
    .refine((n) => n >= 1, "must be a page number from 1")
    .default(1),
  size: z
    .string()
    .regex(/^\d{1,3}$/, `must be from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= LIST_PAGE_SIZE_MAX, `must be from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .default(LIST_PAGE_SIZE_DEFAULT),
});
export type ListFactorsQuery = z.output<typeof listFactorsQuery>;

const links = z.object({ self: z.object({ href: z.string() }) });

export const factorResource = z.object({
  factor_id: z.string(),
  type: z.literal("TOTP"),
  status: factorStatus,
  external_user_id: z.string(),
  phone_number: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  _links: links,
});
export type FactorResource = z.output<typeof factorResource>;

/** Only the creation answer carries the secret (inside `url` and `data_url`). */
export const createdFactorResource = factorResource.extend({
  url: z.string().describe("otpauth:// URI with the secret; returned once"),
  data_url: z.string().describe("the same URI as a PNG QR code, data:image/png;base64,…; returned once"),
});
export type CreatedFactorResource = z.output<typeof createdFactorResource>;

export const factorList = z.object({
  _embedded: z.object({ factors: z.array(factorResource) }),
  _links: links,
  page: z.object({ size: z.number(), number: z.number(), total_elements: z.number(), total_pages: z.number() }),
});

// ---- Challenges

export const createChallengeInput = z.strictObject({
  reference_id: text(AUTHENTICATOR_REFERENCE_ID_MAX),
  message: text(AUTHENTICATOR_MESSAGE_MAX).optional(),
});
export type CreateChallengeInput = z.output<typeof createChallengeInput>;

/** The code, as a patch (`[{"op":"add","path":"/code","value":"123456"}]`) or plain `{"code"}`. */
export const patchedChallenge = z.strictObject({ status: challengeStatus, code: totpCode }).refine((value) => value.status === "PENDING", {
  message: "the status of a challenge changes only by verifying a code",
  path: ["status"],
});

export const challengeResource = z.object({
  challenge_id: z.string(),
  factor_id: z.string(),
  status: challengeStatus,
  reference_id: z.string(),
  message: z.string().nullable(),
  attempts_remaining: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  expired_at: z.string(),
  _links: links,
});
export type ChallengeResource = z.output<typeof challengeResource>;

/** The body POSTed to the project's challenge_callback_url (through the webhooks outbox). */
export const challengeCallback = z.object({
  challenge_id: z.string(),
  factor_id: z.string(),
  reference_id: z.string(),
  status: challengeStatus,
  updated_at: z.string(),
});
export type ChallengeCallback = z.output<typeof challengeCallback>;
