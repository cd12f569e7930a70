// Wire shapes of the trusted-device endpoints. The WebAuthn response objects are what
// @simplewebauthn/browser returns; they are checked for shape here and cryptographically later.
import { z } from "zod";
import { DEVICE_NAME_MAX_LENGTH } from "@/lib/config/limits";

const b64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, "must be base64url")
  .max(16_384);

export const registrationResponseSchema = z.looseObject({
  id: b64url.min(1).max(1_024),
  rawId: b64url.min(1).max(1_024),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export const authenticationResponseSchema = z.looseObject({
  id: b64url.min(1).max(1_024),
  rawId: b64url.min(1).max(1_024),
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export type RegistrationResponseInput = z.output<typeof registrationResponseSchema>;
export type AuthenticationResponseInput = z.output<typeof authenticationResponseSchema>;

export const registrationTokenSchema = z.string().min(8).max(128).describe("addAuthenticator token (`tgd_…`), 5 minutes, single use");

export const registrationOptionsRequestSchema = z.object({ token: registrationTokenSchema });
export const registrationVerifyRequestSchema = z.object({
  token: registrationTokenSchema,
  response: registrationResponseSchema,
  name: z.string().max(DEVICE_NAME_MAX_LENGTH).optional(),
});

export const deviceRenameSchema = z.object({ name: z.string().min(1).max(DEVICE_NAME_MAX_LENGTH) });

export const loginRequestIdSchema = z.uuid();

export const loginRequestDecisionSchema = z.enum(["approve", "reject"]);

/** The number the user types on the trusted device (what the waiting device shows). */
export const loginRequestTypedCodeSchema = z
  .string()
  .regex(/^\d{2}$/, "type the 2-digit number shown on the other device")
  .optional();

/** The web SDK window's partner (its client and the origin that opened it): scopes a trusted device's step to that partner's requests. */
export const sdkScopeFields = { client_id: z.string().min(1).max(200).optional(), origin: z.string().min(1).max(2000).optional() };

/** Hosted flavour: the waiting browser on /login asks the user's trusted device. */
export const hostedLoginRequestCreateSchema = z.object({
  rid: z.string().min(16).max(64),
  phone: z.string().max(32).default(""),
});

/** API flavour (Cotter signInWithDevice): the partner asks for the user's approval. */
export const apiLoginRequestCreateSchema = z.object({
  identifier: z
    .string()
    .min(1)
    .max(254)
    .describe("The user's phone (E.164, or 10-digit US), email, or your username for them (the `client_user_id` you set on their UserIntent). Emails and usernames find only users linked to your client"),
  scope: z.string().max(200).default("openid").describe("Scope of the tokens issued once approved"),
  ip_address: z.string().max(64).optional().describe("The end user's IP address, shown on the trusted device"),
  user_agent: z.string().max(512).optional().describe("The end user's browser, shown on the trusted device"),
});

export const loginRequestPollSchema = z.object({
  id: loginRequestIdSchema,
  secret: z.string().min(16).max(128).describe("The `secret` returned when the request was created"),
});

export const loginRequestCreatedSchema = z.object({
  id: z.uuid(),
  secret: z.string().describe("Held by the waiting client only; needed to poll and to redeem the approval"),
  code: z.string().describe("Number-matching code: the same digits are shown on the trusted device"),
  expires_at: z.string(),
  status: z.literal("pending"),
});

export const loginRequestStatusSchema = z.enum(["pending", "approved", "rejected", "expired", "redeemed", "cancelled"]);

export const oauthTokenSchema = z.object({
  access_token: z.string(),
  id_token: z.string().optional(),
  refresh_token: z.string(),
  expires_in: z.number(),
  token_type: z.literal("Bearer"),
  auth_method: z.literal("TRUSTED_DEVICE"),
  scope: z.string(),
});

export const loginRequestPollResponseSchema = z.object({
  ID: z.number().int().describe("Cotter's numeric event id"),
  id: z.uuid().describe("The login request's id (as in the poll path)"),
  status: loginRequestStatusSchema,
  approved: z.boolean(),
  event: z.literal("LOGIN"),
  method: z.literal("TRUSTED_DEVICE"),
  issuer: z.string(),
  client_user_id: z.string().nullable().describe("Your client_user_id for the user (from their UserIntent), once approved"),
  user_id: z.string().nullable(),
  ip: z.string().nullable(),
  location: z.string().describe("City (or country code) of `ip` from an offline database; `unknown` for private or unknown addresses"),
  new: z.boolean().describe("Whether this sign-in created the user (never, for a trusted device)"),
  timestamp: z.string(),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  DeletedAt: z.string().describe("Always 0001-01-01T00:00:00Z (Cotter's never-deleted value)"),
  signature: z.string().describe("Compact JWS (ES256, key in /.well-known/jwks.json by kid) whose payload is this event without `signature` and `oauth_token`"),
  oauth_token: oauthTokenSchema.optional(),
});

/** Body of POST /v1/login_requests/{id}/poll. */
export const apiLoginRequestPollSchema = loginRequestPollSchema.pick({ secret: true });
