// What the admin sign-in pages say for each error code (deliberately vague where it must be).
export const ADMIN_LOGIN_ERRORS: Record<string, string> = {
  invalid_credentials: "That email and password did not work. After repeated failures, sign-in is paused for 15 minutes.",
  rate_limited: "Too many sign-in attempts from this network. Try again later.",
  invalid_code: "That code did not work. Check the time on your device and try again.",
  replayed_code: "That code was already used. Wait for the next code from your authenticator app.",
  locked: "Too many failed attempts: sign-in is paused for 15 minutes.",
  expired: "Your sign-in took too long. Start again with your email and password.",
  server_error: "Something went wrong on our side. Try again.",
  csrf: "Your sign-in form expired. Try again.",
};

export function adminLoginError(code: string | undefined): string | null {
  if (!code) return null;
  return ADMIN_LOGIN_ERRORS[code] ?? ADMIN_LOGIN_ERRORS.server_error!;
}
