// Wire formats of the token, revocation and introspection endpoints (form parameters).
import { z } from "zod";
import { MAX_TOKEN_LENGTH } from "@/lib/config/limits";

/** RFC 6749 §3.3 scope-token characters, space-separated. */
const scope = z
  .string()
  .max(1000)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, "must be space-separated scope tokens");

const token = z.string().min(1).max(MAX_TOKEN_LENGTH);

export const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const authorizationCodeGrant = z.object({
  grant_type: z.literal("authorization_code"),
  code: token,
  redirect_uri: z.string().min(1).max(2048),
  // RFC 7636 §4.1: 43–128 unreserved characters.
  code_verifier: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{43,128}$/, "must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)")
    .optional(),
});

export const refreshTokenGrant = z.object({
  grant_type: z.literal("refresh_token"),
  refresh_token: token,
  scope: scope.optional(),
});

export const clientCredentialsGrant = z.object({
  grant_type: z.literal("client_credentials"),
  scope: scope.optional(),
});

export const tokenRequest = z.discriminatedUnion("grant_type", [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant]);

export type AuthorizationCodeGrantInput = z.output<typeof authorizationCodeGrant>;
export type RefreshTokenGrantInput = z.output<typeof refreshTokenGrant>;
export type ClientCredentialsGrantInput = z.output<typeof clientCredentialsGrant>;

/** RFC 7009 §2.1 and RFC 7662 §2.1: unknown hints are ignored, never an error. */
export const tokenLookupRequest = z.object({
  token,
  token_type_hint: z.string().max(100).optional(),
});
export type TokenLookupInput = z.output<typeof tokenLookupRequest>;

/** The form as a plain object for zod (parseFormBody already refused repeated parameters). */
export function formObject(form: URLSearchParams): Record<string, string> {
  return Object.fromEntries(form);
}
