// Wire formats of the token, revocation and introspection endpoints (form parameters).
import { z } from "zod";
import { MAX_TOKEN_LENGTH } from "@/lib/config/limits";

/** RFC 6749 §3.3 scope-token characters, space-separated. */
const scope = z
  .string()
  .max(1000)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, "must be space-separated scope tokens");

const token = z.string().min(1).max(MAX_TOKEN_LENGTH);

/**
 * client_secret_post (RFC 6749 §2.3.1) and public clients (client_id alone) authenticate in the
 * form itself; authenticateClient reads these before the grant is parsed. HTTP Basic is preferred.
 */
const clientAuthentication = {
  client_id: z.string().optional().meta({ description: "client_secret_post or public clients only (confidential clients: use HTTP Basic)" }),
  client_secret: z.string().optional().meta({ description: "client_secret_post only" }),
};

/** RFC 8707 §2: may be repeated (every value is read with getAll; zod sees the last). */
const resource = {
  resource: z.string().optional().meta({ description: "RFC 8707 resource indicator (repeatable): a resource registered for the client, or the issuer for Trustgate's own APIs. The access token's `aud`." }),
};

export const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const authorizationCodeGrant = z
  .object({
    grant_type: z.literal("authorization_code"),
    code: token,
    redirect_uri: z.string().min(1).max(2048),
    // RFC 7636 §4.1: 43–128 unreserved characters.
    code_verifier: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{43,128}$/, "must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)")
      .optional()
      .meta({ description: "PKCE verifier; required when the authorize request had a code_challenge" }),
    ...resource,
    ...clientAuthentication,
  })
  .meta({ id: "AuthorizationCodeGrant", description: "Exchange the code from the redirect (valid 60 s, single use)" });

export const refreshTokenGrant = z
  .object({
    grant_type: z.literal("refresh_token"),
    refresh_token: token,
    scope: scope.optional().meta({ description: "Narrower than the grant, optional" }),
    ...resource,
    ...clientAuthentication,
  })
  .meta({ id: "RefreshTokenGrant", description: "Rotates the refresh token; reusing an old one revokes the whole family" });

export const clientCredentialsGrant = z
  .object({
    grant_type: z.literal("client_credentials"),
    scope: scope.optional().meta({ description: "Omit it: partner tokens carry no scope (a non-empty scope is invalid_scope)" }),
    ...resource,
    ...clientAuthentication,
  })
  .meta({ id: "ClientCredentialsGrant", description: "A token for the partner itself (confidential clients), usable on partner APIs as Bearer" });

export const tokenRequest = z.discriminatedUnion("grant_type", [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant]);

export type AuthorizationCodeGrantInput = z.output<typeof authorizationCodeGrant>;
export type RefreshTokenGrantInput = z.output<typeof refreshTokenGrant>;
export type ClientCredentialsGrantInput = z.output<typeof clientCredentialsGrant>;

/** RFC 7009 §2.1 and RFC 7662 §2.1: unknown hints are ignored, never an error. */
export const tokenLookupRequest = z.object({
  token,
  token_type_hint: z.string().max(100).optional().meta({ description: "access_token or refresh_token (a hint only)" }),
  ...clientAuthentication,
});
export type TokenLookupInput = z.output<typeof tokenLookupRequest>;

/** The form as a plain object for zod (parseFormBody already refused repeated parameters). */
export function formObject(form: URLSearchParams): Record<string, string> {
  return Object.fromEntries(form);
}

// Answers (RFC 6749 §5.1, RFC 7662 §2.2, OIDC Core §5.3): the types the endpoints return are
// inferred from these, so the OpenAPI document and the code cannot drift apart.
export const tokenResponseSchema = z
  .object({
    access_token: z.string().meta({ description: "ES256 JWT (`typ: at+jwt`, `aud` = the requested resources or the issuer), verifiable with /.well-known/jwks.json" }),
    token_type: z.enum(["Bearer", "DPoP"]).meta({ description: "DPoP when the request carried a DPoP proof (RFC 9449): present the token with `Authorization: DPoP`" }),
    expires_in: z.number().int().meta({ description: "Seconds until the access token expires" }),
    refresh_token: z.string().optional().meta({ description: "User grants only; rotated on every use" }),
    scope: z.string(),
    id_token: z.string().optional().meta({ description: "With the `openid` scope (user grants only)" }),
  })
  .meta({ id: "TokenResponse" });
export type TokenResponse = z.output<typeof tokenResponseSchema>;

export const introspectionResponseSchema = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    sub: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    iss: z.string().optional(),
    jti: z.string().optional(),
    token_type: z.enum(["Bearer", "DPoP", "refresh_token"]).optional(),
    cnf: z.object({ jkt: z.string() }).optional().meta({ description: "RFC 9449 §6.2: the DPoP key a sender-constrained token is bound to" }),
    auth_method: z.string().optional().meta({ description: "How the user signed in: sms_otp, passkey, trusted_auth or trusted_device" }),
    auth_time: z.number().int().optional(),
  })
  .meta({ id: "IntrospectionResponse", description: "`{active:false}` alone for unknown, expired, revoked or another client's tokens" });

export const userInfoResponseSchema = z
  .object({
    sub: z.string(),
    phone_number: z.string().optional(),
    phone_number_verified: z.boolean().optional(),
    email: z.string().optional(),
    email_verified: z.boolean().optional(),
    name: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    updated_at: z.number().int().optional(),
    address: z.record(z.string(), z.string()).optional().meta({ description: "scope address" }),
    verified_claims: z
      .object({ verification: z.object({ trust_framework: z.string(), time: z.string(), evidence: z.array(z.object({ type: z.string() })) }), claims: z.record(z.string(), z.unknown()) })
      .optional()
      .meta({ description: "scope verification: OpenID Connect for Identity Assurance; only for verified users" }),
  })
  .meta({ id: "UserInfo", description: "The claims the token's scopes release and the user consented to for this client (openid, phone, email, profile, address, verification)" });
