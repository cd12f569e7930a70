// Provider metadata: ONE document served at /.well-known/openid-configuration (OpenID Connect
// Discovery 1.0 §3) and /.well-known/oauth-authorization-server (RFC 8414 §3; §2 lets it carry the
// OpenID fields, registered in the same IANA registry). Everything listed here answers (each value
// is tested in tests/api/discovery-metadata.test.ts); defaults that would be untrue for Trustgate
// (request_uri_parameter_supported defaults to true) are stated explicitly.
import { z } from "zod";
import { SUPPORTED_SCOPES } from "@/lib/authorize/scopes";
import { EVIDENCE_TYPES, TRUST_FRAMEWORK, VERIFIED_CLAIM_NAMES } from "@/lib/claims/verified-claims";
import { SIGNING_ALGS } from "@/lib/keys/signing-keys";
import { PROMPT_VALUES } from "@/lib/authorize/prompt";
import { ACR_VALUES } from "@/lib/sessions/amr";
import { GRANT_TYPES } from "./schemas";
import { CLIENT_ASSERTION_ALGS } from "@/lib/clients/private-key-jwt";
import { requirePushedAuthorizationRequests } from "@/lib/config/settings";
import { DPOP_SIGNING_ALGS } from "./dpop";
import { LOCALES } from "@/lib/i18n/locales";

const strings = z.array(z.string());

export const discoveryDocumentSchema = z
  .object({
    issuer: z.url(),
    authorization_endpoint: z.url(),
    token_endpoint: z.url(),
    userinfo_endpoint: z.url(),
    jwks_uri: z.url(),
    revocation_endpoint: z.url(),
    introspection_endpoint: z.url(),
    service_documentation: z.url(),
    response_types_supported: strings,
    response_modes_supported: strings,
    grant_types_supported: strings,
    subject_types_supported: strings,
    id_token_signing_alg_values_supported: strings,
    token_endpoint_auth_methods_supported: strings,
    revocation_endpoint_auth_methods_supported: strings,
    introspection_endpoint_auth_methods_supported: strings,
    code_challenge_methods_supported: strings,
    authorization_response_iss_parameter_supported: z.boolean(),
    scopes_supported: strings,
    claim_types_supported: strings,
    claims_supported: strings,
    claims_parameter_supported: z.boolean(),
    verified_claims_supported: z.boolean(),
    trust_frameworks_supported: strings,
    evidence_supported: strings,
    claims_in_verified_claims_supported: strings,
    request_parameter_supported: z.boolean(),
    request_uri_parameter_supported: z.boolean(),
    prompt_values_supported: strings,
    acr_values_supported: strings,
    end_session_endpoint: z.url(),
    frontchannel_logout_supported: z.boolean(),
    backchannel_logout_supported: z.boolean(),
    backchannel_logout_session_supported: z.boolean(),
    pushed_authorization_request_endpoint: z.url(),
    require_pushed_authorization_requests: z.boolean(),
    dpop_signing_alg_values_supported: strings,
    token_endpoint_auth_signing_alg_values_supported: strings,
    ui_locales_supported: strings,
  })
  .meta({ id: "OpenIdConfiguration", description: "OpenID Provider metadata (OpenID Connect Discovery 1.0 §3)" });

export function discoveryDocument(issuer: string): z.output<typeof discoveryDocumentSchema> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/login/oauth/authorize`,
    token_endpoint: `${issuer}/v1/oauth/token`,
    userinfo_endpoint: `${issuer}/v1/oauth/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/v1/oauth/revoke`,
    introspection_endpoint: `${issuer}/v1/oauth/introspect`,
    // The human-readable API reference (OpenAPI 3.1 at /openapi.json).
    service_documentation: `${issuer}/docs`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: [...GRANT_TYPES],
    subject_types_supported: ["public"],
    // Core §15.1: RS256 must be offered; each client picks one (id_token_signed_response_alg).
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    // RFC 7009 §2.1: public clients revoke with their client_id alone.
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
    code_challenge_methods_supported: ["S256"],
    // RFC 9207: the authorization response carries `iss`.
    authorization_response_iss_parameter_supported: true,
    scopes_supported: [...SUPPORTED_SCOPES],
    claim_types_supported: ["normal"],
    // Discovery §3 / RFC 8414 §2: the languages of the hosted pages, chosen by ui_locales (lib/i18n).
    ui_locales_supported: [...LOCALES],
    claims_supported: [
      "iss",
      "sub",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "amr",
      "acr",
      "sid",
      "at_hash",
      "auth_method",
      "phone_number",
      "phone_number_verified",
      "email",
      "email_verified",
      "name",
      "given_name",
      "family_name",
      "updated_at",
      "address",
      "verified_claims",
    ],
    claims_parameter_supported: true,
    // OpenID Connect for Identity Assurance 1.0 §13.
    verified_claims_supported: true,
    trust_frameworks_supported: [TRUST_FRAMEWORK],
    evidence_supported: [...EVIDENCE_TYPES],
    claims_in_verified_claims_supported: [...VERIFIED_CLAIM_NAMES],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    // OpenID Connect Core §3.1.2.1 (prompt, max_age) and the logout specifications.
    prompt_values_supported: [...PROMPT_VALUES],
    acr_values_supported: [...ACR_VALUES],
    end_session_endpoint: `${issuer}/v1/oauth/logout`,
    frontchannel_logout_supported: false,
    backchannel_logout_supported: true,
    // Logout tokens carry `sid`, and ID tokens carry it too.
    backchannel_logout_session_supported: true,
    // FAPI 2.0 (issue 17): PAR (RFC 9126 §5), DPoP (RFC 9449 §5.1), private_key_jwt (RFC 8414 §2).
    pushed_authorization_request_endpoint: `${issuer}/v1/oauth/par`,
    require_pushed_authorization_requests: requirePushedAuthorizationRequests(),
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGS],
  };
}
