// Product errors: one catalogue of codes, statuses and messages. Same wire format as OAuth errors
// (RFC 6749 §5.2 characters: printable ASCII without `"` and `\\`; checked by tests/unit/error-catalogue.test.ts).
import { wireDescription } from "./body";

export const PRODUCT_ERRORS = {
  not_found: { status: 404, message: "The requested resource does not exist" },
  method_not_allowed: { status: 405, message: "This method is not allowed on this resource" },
  unsupported_media_type: { status: 415, message: "The request body must be application/json" },
  payload_too_large: { status: 413, message: "The request body is too large" },
  validation_failed: { status: 400, message: "The request is invalid" },
  malformed_json: { status: 400, message: "The request body is not valid JSON" },
  client_not_found: { status: 404, message: "No client with this id" },
  workspace_not_found: { status: 404, message: "No workspace with this id" },
  public_client_has_no_secret: { status: 400, message: "Public clients have no secret to rotate" },
  admin_exists: { status: 409, message: "An admin with this email already exists" },
  weak_password: { status: 400, message: "The password does not meet the policy" },
  database_unavailable: { status: 503, message: "The database is not answering" },
  // UserIntents and users
  intent_not_found: { status: 404, message: "No user intent with this id" },
  client_user_id_taken: { status: 409, message: "Another user intent of this client already has this client_user_id" },
  intent_limit_reached: { status: 409, message: "At most 3 user intents may exist per email address for this client" },
  intent_phone_mismatch: { status: 409, message: "The signed-in phone number is not the one of this user intent" },
  intent_converted_to_other_user: { status: 409, message: "This user intent was converted to a user whose phone number has since changed: use user_id instead of user_intent_id" },
  user_not_found: { status: 404, message: "No user with this id" },
  invalid_status_transition: { status: 409, message: "This status change is not allowed" },
  // SMS sign-in
  sms_code_invalid: { status: 400, message: "The verification code is wrong or has expired" },
  sms_code_attempts_exhausted: { status: 400, message: "Too many wrong codes: request a new code" },
  sms_resend_too_soon: { status: 429, message: "Please wait before requesting another code" },
  sms_rate_limited: { status: 429, message: "Too many codes were requested: try again later" },
  sms_provider_failed: { status: 502, message: "The SMS could not be sent: try again" },
  sms_provider_not_configured: { status: 500, message: "No SMS provider is configured" },
  // Hosted authorize flow
  authorization_request_expired: { status: 400, message: "This sign-in page has expired: return to the application and start again" },
  // Trusted authentication
  trusted_auth_not_enabled: { status: 403, message: "Trusted authentication is not enabled for this client" },
  user_reference_required: { status: 400, message: "Send user_id or user_intent_id" },
  user_reference_ambiguous: { status: 400, message: "Send user_id or user_intent_id, not both" },
  customer_not_found: { status: 404, message: "The customer API does not know this customer_id" },
  customer_phone_mismatch: { status: 422, message: "The customer's phone number does not match the user's" },
  customer_authentication_stale: { status: 422, message: "The customer did not authenticate within the last 30 days" },
  customer_authentication_in_future: { status: 422, message: "The customer's lastAuthenticationTime is in the future" },
  customer_api_unavailable: { status: 502, message: "The customer API could not be reached or did not answer in time" },
  customer_api_invalid_response: { status: 502, message: "The customer API answered with something other than the expected customer record" },
  trusted_auth_account_blocked: { status: 403, message: "This account may not be signed in" },
  trusted_auth_phone_proof_required: { status: 403, message: "This user is not yet linked to this client: the user must sign in with an SMS code once (hosted authorize flow)" },
  session_not_allowed: { status: 403, message: "This sign-in cannot do that: sign in with an SMS code or a passkey" },
  session_token_invalid: { status: 400, message: "The session_token is invalid, expired or was already used" },
  session_token_mismatch: { status: 400, message: "user_id or user_intent_id does not match the session_token (send the id the token was minted for)" },
  // Webhooks
  webhook_url_invalid: { status: 400, message: "The webhook URL must be a public https:// URL (internal hosts only when the operator allows them with TRUSTGATE_OUTBOUND_ALLOW)" },
  webhook_delivery_not_found: { status: 404, message: "No webhook delivery with this id" },
  // Phone change requests
  phone_change_not_found: { status: 404, message: "No phone change request" },
  phone_change_pending: { status: 409, message: "A phone change request is already waiting for review" },
  phone_change_same_phone: { status: 400, message: "The new phone number is the one the account already has" },
  phone_change_phone_taken: { status: 409, message: "Another user already has this phone number" },
  phone_change_already_decided: { status: 409, message: "This phone change request has already been decided" },
  // trusted devices
  session_required: { status: 401, message: "Sign in first" },
  cross_origin_request: { status: 403, message: "This request must come from Trustgate's own pages" },
  device_registration_token_invalid: { status: 400, message: "The addAuthenticator token is invalid, expired or already used" },
  webauthn_challenge_invalid: { status: 400, message: "The WebAuthn challenge is unknown, expired, already used or meant for something else" },
  webauthn_verification_failed: { status: 400, message: "The passkey could not be verified" },
  webauthn_user_verification_required: { status: 400, message: "The device did not verify the user (biometric or PIN required)" },
  device_not_found: { status: 404, message: "No trusted device with this id" },
  device_already_registered: { status: 409, message: "This device is already registered" },
  device_limit_reached: { status: 409, message: "Too many trusted devices: remove one first" },
  device_flagged: { status: 403, message: "This device was flagged as a possible clone and can no longer be used" },
  login_request_not_found: { status: 404, message: "No pending sign-in request with this id" },
  login_request_rate_limited: { status: 429, message: "Too many sign-in requests: try again later" },
  login_request_code_mismatch: { status: 400, message: "The number does not match the one shown on the other device" },
  login_request_code_attempts_exhausted: { status: 400, message: "Too many wrong numbers: the sign-in request was refused" },
  sdk_origin_not_registered: { status: 400, message: "This origin is not a registered redirect URI origin of the client" },
  sdk_origin_insecure: { status: 400, message: "The web SDK runs only on https pages (http only for localhost while Trustgate itself is served over http)" },
  webauthn_rate_limited: { status: 429, message: "Too many passkey attempts: try again later" },
  // verification
  verification_not_allowed: { status: 409, message: "This verification form cannot be submitted in the account's current status" },
  submission_not_found: { status: 404, message: "No verification submission with this id" },
  document_not_found: { status: 404, message: "No verification document with this id" },
  // risk actions
  action_not_found: { status: 404, message: "No action with this idempotency key for this user and action" },
  redirect_url_not_registered: { status: 400, message: "redirectUrl must be on the origin of one of the client's registered redirect URIs" },
  action_rules_invalid: { status: 400, message: "The rules are invalid" },
  action_rules_not_found: { status: 404, message: "No rules for this client and action" },
  action_challenge_unavailable: { status: 400, message: "This challenge link is invalid, expired or already used" },
  // security
  cross_origin_form_post: { status: 403, message: "Cross-origin form posts are refused" },
  // authenticator
  json_patch_invalid: { status: 400, message: "The JSON Patch document is invalid or cannot be applied" },
  project_not_found: { status: 404, message: "No project with this id in this workspace" },
  authenticator_factor_not_found: { status: 404, message: "No factor with this id" },
  authenticator_challenge_not_found: { status: 404, message: "No challenge with this id for this factor" },
  authenticator_factor_exists: { status: 409, message: "A factor already exists for this external_user_id" },
  authenticator_factor_not_pending: { status: 409, message: "The factor is already activated" },
  authenticator_factor_not_active: { status: 409, message: "The factor is not active" },
  authenticator_factor_locked: { status: 429, message: "Too many wrong codes for this factor: try again later" },
  authenticator_code_invalid: { status: 400, message: "The code is wrong" },
  authenticator_code_replayed: { status: 400, message: "This code was already used: wait for the next code" },
  authenticator_challenge_closed: { status: 409, message: "The challenge is no longer pending" },
  authenticator_rate_limited: { status: 429, message: "Too many requests: try again later" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ProductErrorCode = keyof typeof PRODUCT_ERRORS;

export class ProductError extends Error {
  readonly status: number;
  readonly description: string;
  constructor(
    readonly code: ProductErrorCode,
    description?: string,
    readonly details?: unknown,
  ) {
    const entry = PRODUCT_ERRORS[code];
    super(description ?? entry.message);
    this.status = entry.status;
    this.description = description ?? entry.message;
  }
  toJSON(): { error: string; error_description: string; details?: unknown } {
    return { error: this.code, error_description: wireDescription(this.description), ...(this.details === undefined ? {} : { details: this.details }) };
  }
}
