// Words for the trusted-device errors the pages can meet.
export const DEVICE_ERRORS: Record<string, string> = {
  NotAllowedError: "The passkey request was cancelled or this device has no passkey for your account.",
  InvalidStateError: "This device is already registered.",
  webauthn_verification_failed: "The passkey could not be verified.",
  webauthn_user_verification_required: "Your device did not confirm it is you (fingerprint, face or PIN needed).",
  webauthn_challenge_invalid: "That took too long or was already used. Try again.",
  device_flagged: "This device was blocked because it may have been copied. Sign in another way and remove it.",
  device_already_registered: "This device is already registered.",
  device_registration_token_invalid: "That took too long. Try again.",
  device_limit_reached: "You have too many trusted devices. Remove one first.",
  login_request_not_found: "This sign-in request is no longer waiting.",
  login_request_rate_limited: "Too many sign-in requests. Try again later.",
  login_request_code_mismatch: "That number does not match the one on the other device.",
  login_request_code_attempts_exhausted: "Too many wrong numbers. This sign-in request was refused.",
  sdk_origin_not_registered: "This site is not registered with Trustgate.",
  webauthn_rate_limited: "Too many attempts. Try again later.",
  session_required: "Sign in first.",
  authorization_request_expired: "This sign-in has expired. Return to the application and start again.",
  validation_failed: "Enter a valid phone number first.",
  server_error: "Something went wrong on our side. Try again in a moment.",
};

export function describeDeviceError(error: unknown): string {
  const code = error && typeof error === "object" ? ((error as { code?: string }).code ?? (error as { name?: string }).name) : undefined;
  // @simplewebauthn/browser wraps DOMExceptions: its `cause` carries the original name.
  const cause = (error as { cause?: { name?: string } } | null)?.cause?.name;
  return (code && DEVICE_ERRORS[code]) ?? (cause && DEVICE_ERRORS[cause]) ?? (typeof code === "string" && code.startsWith("ERROR_") ? DEVICE_ERRORS.NotAllowedError! : DEVICE_ERRORS.server_error!);
}
