// Fixed texts for the dashboard's result banners (codes come back in the URL after an action).
export const DASHBOARD_ERRORS: Record<string, string> = {
  invalid_status_transition: "That change is not allowed from the current status. The page shows what is possible now.",
  validation_failed: "A reason is required (at most 500 characters).",
  user_not_found: "No user with this id.",
  intent_not_found: "No user intent with this id.",
  client_not_found: "No client with this id.",
  admin_exists: "An admin with this email already exists.",
  weak_password: "The password must be 12 to 128 characters.",
  public_client_has_no_secret: "Public clients have no secret.",
  cannot_change_self: "You cannot disable yourself or reset your own authenticator here.",
};

export function dashboardError(code: string | undefined): string | null {
  if (!code) return null;
  return DASHBOARD_ERRORS[code] ?? "The change could not be made.";
}
