// Words for the error codes the hosted sign-in pages receive.
export const LOGIN_ERRORS: Record<string, string> = {
  expired: "This sign-in has expired. Return to the application and start again.",
  invalid_phone: "Enter a valid phone number, for example (415) 555-2671 or +44 7911 123456.",
  sms_resend_too_soon: "A code was just sent. Wait half a minute before asking for another one.",
  sms_rate_limited: "Too many codes were requested. Try again later.",
  sms_provider_failed: "We could not send the text message. Try again in a moment.",
  sms_provider_not_configured: "Text messages are not set up on this server.",
  invalid: "That code is not right. Check the message and try again.",
  expired_code: "That code has expired. Ask for a new one.",
  attempts_exhausted: "Too many wrong codes. Ask for a new code.",
  rate_limited: "Too many attempts. Try again later.",
  server_error: "Something went wrong on our side. Try again in a moment.",
  trusted_auth_failed: "We could not sign you in automatically: the sign-in link from the application is invalid, expired or was already used. Sign in with your phone number instead.",
  trusted_auth_sms_required: "This application has not signed you in here before. Confirm your phone number once with a text message code; after that it can sign you in directly.",
};

export function loginErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return LOGIN_ERRORS[code] ?? "Something went wrong. Try again.";
}
