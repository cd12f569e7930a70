// The query of GET /login/oauth/authorize (RFC 6749 §4.1.1, RFC 7636, Astra's parameters).
// checkAuthorizeRequest reads these parameters one by one rather than with one zod parse: the
// ORDER of the checks decides where an error may go (an unverified client or redirect_uri gets an
// error page, never a redirect), so this schema shares its rules (the constants below) and
// describes the query for the OpenAPI document.
import { z } from "zod";
import { SUPPORTED_SCOPES } from "./scopes";

/** RFC 7636 §4.2: BASE64URL(SHA256(code_verifier)) is 43 characters; up to 128 allowed. */
export const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
/** Longest accepted state and nonce. */
export const MAX_PARAM = 512;

export const authorizeQuerySchema = z.object({
  client_id: z.string().max(200).meta({ description: "Your client_id" }),
  redirect_uri: z.string().meta({ description: "Exactly one of the client's registered redirect URIs" }),
  response_type: z.literal("code"),
  state: z.string().max(MAX_PARAM).optional().meta({ description: "Returned unchanged with the code or error" }),
  scope: z
    .string()
    .optional()
    .meta({ description: `Space-separated, from: ${SUPPORTED_SCOPES.join(", ")} (default: openid)`, examples: ["openid phone offline_access"] }),
  nonce: z.string().min(1).max(MAX_PARAM).optional().meta({ description: "Echoed in the id_token" }),
  code_challenge: z.string().regex(PKCE_CHALLENGE).optional().meta({ description: "PKCE (RFC 7636); required for public clients" }),
  code_challenge_method: z.literal("S256").optional().meta({ description: "S256 only (plain is refused)" }),
  user_intent_id: z.uuid().optional().meta({ description: "The UserIntent this end user signs up with (POST /v1/user_intent); not with user_id" }),
  user_id: z.uuid().optional().meta({ description: "An existing user (e.g. after a phone change); not with user_intent_id" }),
  phone: z
    .string()
    .optional()
    .meta({ description: "Prefills the phone page: 10-digit US or E.164", examples: ["4155550123"] }),
  phone_read_only: z.enum(["true", "false"]).optional().meta({ description: "true locks the prefilled phone (needs phone)" }),
  claims: z.string().optional().meta({ description: 'OpenID Connect claims request (JSON); `{"userinfo":{"verified_claims":{…}}}` asks for the verification result (adds the verification scope, shown on consent)' }),
  resource: z.string().optional().meta({ description: "RFC 8707 resource indicator (repeatable): a resource registered for the client; invalid_target otherwise" }),
});
