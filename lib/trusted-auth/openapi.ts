// OpenAPI descriptions of the trusted-authentication partner API (SPEC §3), from the same zod
// schemas the routes parse with; examples from Astra's "Trusted Authentication" guide.
import type { ApiOperation, ApiResponse } from "@/lib/openapi/types";
import { identityTokenRequest, identityTokenResponse, identityVerificationRequest, identityVerificationResponse } from "./schemas";

function error(description: string, code: string, message: string): ApiResponse {
  // No schema: error answers use the shared Error component.
  return { description, example: { error: code, error_description: message } };
}

export const trustedAuthOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/partner/identity/verification",
    operationId: "createPartnerIdentityVerificationToken",
    summary: "Mint a trusted-authentication session token",
    description:
      "Trustgate calls your customer API (`GET {customer_api_url}/v1/customers/{customer_id}`, 3 s timeout, 64 KB cap, redirects not followed) and mints a one-time token valid for 60 seconds when the customer's `lastAuthenticationTime` is within the last 30 days (and at most 5 minutes ahead) and its `phone` equals the user's or user intent's phone after E.164 normalisation. Send exactly one of `user_id` and `user_intent_id` (Astra's guide shows both in its example; Trustgate answers that with 400 `user_reference_ambiguous`). Requires trusted authentication to be enabled for the client.",
    tags: ["Trusted authentication"],
    security: ["partnerBasic", "partnerBearer"],
    requestBody: {
      schema: identityVerificationRequest,
      example: { provider: "Unit", provider_data: { customer_id: "123456" }, user_id: "5b0f3a0e-8d6c-4a59-9d8f-2f6c7f0a1c23" },
    },
    responses: {
      200: { description: "The session token (only its hash is stored)", schema: identityVerificationResponse, example: { token: "token_123456" } },
      400: error("Both or neither of user_id and user_intent_id, or an invalid body", "user_reference_ambiguous", "Send user_id or user_intent_id, not both"),
      401: error("Client authentication failed", "invalid_client", "Client authentication failed"),
      403: error("Trusted authentication is not enabled for this client, or the user is rejected or suspended", "trusted_auth_not_enabled", "Trusted authentication is not enabled for this client"),
      404: error("Unknown user or user intent (or another client's), or the customer API answered 404 (`customer_not_found`)", "user_not_found", "No user with this id"),
      409: error(
        "The user intent became a user whose phone has since changed: use user_id",
        "intent_converted_to_other_user",
        "This user intent was converted to a user whose phone number has since changed: use user_id instead of user_intent_id",
      ),
      422: error(
        "The phone does not match (`customer_phone_mismatch`), the authentication is older than 30 days (`customer_authentication_stale`) or in the future (`customer_authentication_in_future`)",
        "customer_authentication_stale",
        "The customer did not authenticate within the last 30 days",
      ),
      502: error(
        "The customer API is unreachable, slow, or answered something other than a customer record (`customer_api_unavailable`, `customer_api_invalid_response`)",
        "customer_api_unavailable",
        "The customer API did not answer within 3000 ms",
      ),
    },
  },
  {
    method: "post",
    path: "/v1/partner/identity/token",
    operationId: "exchangePartnerIdentityToken",
    summary: "Exchange a session token for OAuth tokens without UI",
    description:
      "Redeems the session token (once; it is consumed before anything is issued) and answers with an access token (`auth_method: trusted_auth`), a refresh token and, with the `openid` scope, an id_token. Send `user_intent_id` when the token was minted for one; `user_id` is optional and must match. For a user intent, the intent becomes a user (`user_id` in the answer). Never cached.",
    tags: ["Trusted authentication"],
    security: ["partnerBasic", "partnerBearer"],
    requestBody: {
      schema: identityTokenRequest,
      example: { session_token: "token_123456", user_id: "5b0f3a0e-8d6c-4a59-9d8f-2f6c7f0a1c23", scope: "openid phone" },
    },
    responses: {
      200: {
        description: "Tokens for the user",
        schema: identityTokenResponse,
        example: {
          access_token: "eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9…",
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: "Vq3f…",
          scope: "openid phone",
          id_token: "eyJhbGciOiJFUzI1NiJ9…",
          user_id: "5b0f3a0e-8d6c-4a59-9d8f-2f6c7f0a1c23",
        },
      },
      400: error(
        "Invalid, expired, already used or another client's token (`session_token_invalid`), ids that do not match the token (`session_token_mismatch`), or both ids",
        "session_token_invalid",
        "The session_token is invalid, expired or was already used",
      ),
      401: error("Client authentication failed", "invalid_client", "Client authentication failed"),
      403: error("Trusted authentication is not enabled, or the user is rejected or suspended", "trusted_auth_account_blocked", "This user is suspended"),
    },
  },
];
