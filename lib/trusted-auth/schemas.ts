// Trusted authentication wire formats (Astra "Trusted Authentication", SPEC §3): what partners
// send, what Trustgate answers, and what a partner's customer API must return. The same schemas
// describe the API in lib/trusted-auth/openapi.ts.
import { z } from "zod";
import { TRUSTED_AUTH_TOKEN_MAX_LENGTH } from "@/lib/config/limits";
import { textField } from "@/lib/validation/text";

const id = (max: number) => textField(max);

/** POST /v1/partner/identity/verification. Exactly one of user_id and user_intent_id (checked in the domain, with its own error code). */
export const identityVerificationRequest = z.strictObject({
  provider: id(64).describe("Who authenticated the customer at the partner, e.g. your banking provider (Astra's example: Unit)"),
  provider_data: z.strictObject({
    // "." and ".." would be resolved away in the customer API's path (another endpoint).
    customer_id: id(128)
      .refine((value) => value !== "." && value !== "..", 'must not be "." or ".."')
      .describe("The customer's id in your system; Trustgate fetches GET {customer_api_url}/v1/customers/{customer_id}"),
  }),
  user_id: id(64).optional().describe("Trustgate user id (send this or user_intent_id, not both)"),
  user_intent_id: id(64).optional().describe("Trustgate user intent id (send this or user_id, not both)"),
});
export type IdentityVerificationRequest = z.output<typeof identityVerificationRequest>;

export const identityVerificationResponse = z.object({
  token: z.string().describe("One-time session token, valid for 60 seconds: send it as session_token to /login/oauth/authorize or /v1/partner/identity/token"),
});

const sessionToken = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .min(1, "must not be empty")
  .max(TRUSTED_AUTH_TOKEN_MAX_LENGTH, `must be at most ${TRUSTED_AUTH_TOKEN_MAX_LENGTH} characters`);

/** POST /v1/partner/identity/token: the session token for tokens, without any page. */
export const identityTokenRequest = z.strictObject({
  session_token: sessionToken.describe("The token from POST /v1/partner/identity/verification"),
  user_id: id(64).optional().describe("Optional for a token minted for a user_id (must match it)"),
  user_intent_id: id(64).optional().describe("Required when the token was minted for a user_intent_id (must match it)"),
  scope: z.string().max(200).optional().describe('Space-separated scopes (default "openid"; openid adds an id_token, offline_access is implied: a refresh token is always issued)'),
});
export type IdentityTokenRequest = z.output<typeof identityTokenRequest>;

export const identityTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  scope: z.string(),
  id_token: z.string().optional(),
  user_id: z.string().describe("The signed-in user (for a user intent: the user it became)"),
});

/**
 * What the partner's customer API answers to GET /v1/customers/{customer_id} (Astra's example
 * client response). Names are accepted but never stored; unknown fields are ignored.
 */
export const customerRecord = z.object({
  customer_id: z.union([z.string().max(128), z.number().int()]).transform(String),
  first_name: z.string().max(200).nullish(),
  last_name: z.string().max(200).nullish(),
  phone: z.string().max(64),
  lastAuthenticationTime: z.iso.datetime({ offset: true }),
});
export type CustomerRecord = z.output<typeof customerRecord>;
