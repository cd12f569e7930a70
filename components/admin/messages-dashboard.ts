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
  device_not_found: "No live trusted device with this id for this user (it may already be revoked).",
  phone_change_not_found: "No phone change request with this id.",
  phone_change_already_decided: "This phone change request has already been decided.",
  phone_change_phone_taken: "Another user already has this phone number: reject this request, or change that user's number first.",
  webhook_delivery_not_found: "No webhook delivery with this id for this client.",
  action_rules_not_found: "This action has no rules (they may already have been removed).",
  confirmation_required: "Reject and suspend must be confirmed: press the button, then confirm.",
  nothing_selected: "Select at least one user to approve.",
  cannot_change_self: "You cannot disable yourself or reset your own authenticator here.",
};

export function dashboardError(code: string | undefined): string | null {
  if (!code) return null;
  return DASHBOARD_ERRORS[code] ?? "The change could not be made.";
}
