// OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414). Endpoints appear here
// only once they answer; each later issue adds its own.
import { SIGNING_ALG } from "@/lib/keys/signing-keys";

export function discoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/login/oauth/authorize`,
    token_endpoint: `${issuer}/v1/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: ["openid", "profile", "phone", "email", "offline_access"],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "jti", "auth_method", "phone_number"],
    service_documentation: `${issuer}/docs`,
  };
}
