// GET /verify/{personal,business,document}?client_id=&redirect_uri=[&state=] — a partner sends a
// signed-in (or not yet signed-in) user straight to a form (Astra: "send the end-user into the
// Retry flow"). client_id and redirect_uri are checked exactly as on authorize; the validated
// request is stored like an authorize request (marked `verifyForm`), so the SMS sign-in pages can
// carry it by its id and no parameter can be altered on the way.
import { createAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { checkClientAndRedirectUri } from "@/lib/authorize/check-client-redirect";
import type { VerificationKind } from "@/lib/db/generated/enums";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";

export type StartVerificationOutcome = { kind: "error_page"; title: string; message: string } | { kind: "started"; requestId: string };

const MAX_STATE = 512;

export async function startStandaloneVerification(form: VerificationKind, query: URLSearchParams): Promise<StartVerificationOutcome> {
  const checked = await checkClientAndRedirectUri(query, "verification link");
  if (!checked.ok) return { kind: "error_page", title: checked.title, message: checked.message };
  const state = query.get("state");
  if (state !== null && (state.length > MAX_STATE || CONTROL_CHARACTERS.test(state))) {
    return { kind: "error_page", title: "Invalid verification link", message: `state must be at most ${MAX_STATE} characters without control characters.` };
  }
  const requestId = await createAuthorizationRequest({
    clientId: checked.client.id,
    redirectUri: checked.redirectUri,
    scope: "",
    state,
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
    userIntentId: null,
    expectedUserId: null,
    phone: null,
    phoneReadOnly: false,
    verifyForm: form,
  });
  return { kind: "started", requestId };
}

/** Where a finished standalone verification returns: the registered redirect_uri, with state. */
export function verificationReturnUrl(request: { redirectUri: string; state: string | null }): string {
  const url = new URL(request.redirectUri);
  if (request.state !== null) url.searchParams.set("state", request.state);
  return url.toString();
}
