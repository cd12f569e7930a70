// Wire shapes of the risk-actions API (Authsignal track → challenge → validate). The routes parse
// with these and the OpenAPI document is generated from them.
import { z } from "zod";
import { ACTION_CUSTOM_MAX_BYTES, ACTION_LABEL_MAX_LENGTH } from "@/lib/config/limits";
import { displayTextProblem } from "@/lib/validation/text";
import { authenticationResponseSchema } from "@/lib/devices/schemas";

export const ACTION_CODE_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export const actionCodeSchema = z.string().regex(ACTION_CODE_PATTERN, "must be 1–64 letters, digits, _ or -").describe("Action code, e.g. `signIn`, `withdrawal`");

export const actionStateSchema = z.enum(["ALLOW", "CHALLENGE_REQUIRED", "BLOCK", "CHALLENGE_SUCCEEDED", "CHALLENGE_FAILED"]);
export type ActionStateName = z.output<typeof actionStateSchema>;

const customValue = z.union([z.string().max(1_024), z.number(), z.boolean(), z.null()]);

export const customAttributesSchema = z
  .record(z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, "keys are 1–64 letters, digits, _ . or -"), customValue)
  .refine((value) => JSON.stringify(value).length <= ACTION_CUSTOM_MAX_BYTES, `custom must be at most ${ACTION_CUSTOM_MAX_BYTES} bytes of JSON`)
  .describe("Partner data the rules can test (flat: string, number, boolean or null values)");

export const trackActionRequestSchema = z.object({
  attributes: z
    .strictObject({
      redirectUrl: z
        .url({ protocol: /^https?$/ })
        .max(2_048)
        .optional()
        .describe("Where the hosted challenge page returns; must be on the origin of one of the client's redirect URIs"),
      deviceId: z.string().min(1).max(128).optional().describe("The partner's identifier of the end user's device (for new-device rules)"),
      ipAddress: z.union([z.ipv4(), z.ipv6()]).optional().describe("The end user's IP address"),
      userAgent: z.string().max(512).optional().describe("The end user's browser or app"),
      custom: customAttributesSchema.optional(),
      label: z
        .string()
        .trim()
        .min(1)
        .max(ACTION_LABEL_MAX_LENGTH)
        .superRefine((value, ctx) => {
          const problem = displayTextProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .optional()
        .describe(`A human label of the action for the challenge page, e.g. "Send $500 to Alex" (plain text, at most ${ACTION_LABEL_MAX_LENGTH} characters; shown as text, never as HTML)`),
    })
    .default({}),
});
export type TrackActionRequest = z.output<typeof trackActionRequestSchema>;
export type ActionAttributes = TrackActionRequest["attributes"];

export const trackActionParamsSchema = z.object({
  userId: z.uuid().describe("Trustgate user id (the `sub` of the user's tokens)"),
  action: actionCodeSchema,
});

export const actionRecordParamsSchema = trackActionParamsSchema.extend({
  idempotencyKey: z.uuid().describe("The `idempotencyKey` returned when the action was tracked"),
});

export const trackActionResponseSchema = z.object({
  state: z.enum(["ALLOW", "CHALLENGE_REQUIRED", "BLOCK"]),
  token: z.string().describe("Single-use token for POST /v1/validate (10 minutes); keep it on your backend. For `addAuthenticator`: the registration token (`tgd_…`, 5 minutes) for `addCredential`"),
  url: z.string().nullable().describe("Hosted challenge page (CHALLENGE_REQUIRED only); send the user there"),
  idempotencyKey: z.uuid(),
  isEnrolled: z.boolean().describe("Whether the user has a trusted device"),
  ruleIds: z.array(z.string()).describe("The rule that decided (first match); empty when the default applied"),
});

export const actionRecordSchema = z.object({
  idempotencyKey: z.uuid(),
  userId: z.uuid(),
  action: z.string(),
  state: actionStateSchema,
  ruleIds: z.array(z.string()),
  isEnrolled: z.boolean(),
  verificationMethod: z.string().nullable().describe("DEVICE, or SMS / AUTHENTICATOR_APP when a fallback code answered the challenge"),
  deviceId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  redirectUrl: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()).nullable(),
  label: z.string().nullable().describe("The label given when the action was tracked"),
  validated: z.boolean().describe("Whether the token was already spent by POST /v1/validate"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const validateRequestSchema = z.object({
  token: z.string().min(1).max(256),
  action: actionCodeSchema
    .optional()
    .describe(
      "The action you are about to allow (Authsignal: pass it when you did not track one). Every token belongs to the action it was issued for (tracked, or named when an untracked verification began); with another action isValid is false and the token stays unspent",
    ),
});

export const validateResponseSchema = z.object({
  isValid: z.boolean().describe("True once only: the action was allowed or its challenge succeeded, and the token was unspent and unexpired"),
  state: actionStateSchema.nullable(),
  userId: z.uuid().nullable(),
  action: z.string().nullable(),
  idempotencyKey: z.uuid().nullable(),
  verificationMethod: z.string().nullable(),
});
export type ValidateResponse = z.output<typeof validateResponseSchema>;

/** Bodies of the untracked verification endpoints (same origin: the SDK's popup on Trustgate). */
export const untrackedOptionsRequestSchema = z.object({ client_id: z.string().min(1).max(128), action: actionCodeSchema.describe("The action being verified: the token validates this action only") });
export const untrackedVerifyRequestSchema = untrackedOptionsRequestSchema.extend({ response: authenticationResponseSchema });

/** Bodies of the hosted challenge page's own JSON endpoints (same origin). */
export const challengeOptionsRequestSchema = z.object({ token: z.string().min(1).max(256) });
export const challengeVerifyRequestSchema = z.object({ token: z.string().min(1).max(256), response: authenticationResponseSchema });
export const challengeVerifyResponseSchema = z.object({
  state: z.enum(["CHALLENGE_SUCCEEDED", "CHALLENGE_FAILED"]),
  return_to: z.string().nullable().describe("redirectUrl with token, state and idempotencyKey appended"),
  error_code: z.string().optional().describe("Why the device was refused (CHALLENGE_FAILED)"),
});
export const challengeIdParamsSchema = z.object({ id: z.uuid().describe("The action id (from the challenge url)") });
