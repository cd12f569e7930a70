// GET /login/oauth/authorize — the checks that decide where errors may go (RFC 6749 §4.1.2.1,
// RFC 9700 §4.1): an unknown client or an unregistered redirect_uri is shown on Trustgate's own
// error page and never redirected; every other error is redirected to the verified redirect_uri.
import { db } from "@/lib/db";
import { isRegisteredRedirectUri } from "@/lib/clients/redirect-uri";

export type AuthorizeOutcome =
  | { kind: "error_page"; title: string; message: string }
  | { kind: "redirect"; location: string };

export function errorRedirect(redirectUri: string, error: string, description: string, state: string | null): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description);
  if (state !== null) url.searchParams.set("state", state);
  return url.toString();
}

export async function checkAuthorizeRequest(query: URLSearchParams): Promise<AuthorizeOutcome> {
  const clientId = query.get("client_id");
  const redirectUri = query.get("redirect_uri");
  if (!clientId) return { kind: "error_page", title: "Missing client_id", message: "The application did not say who it is (client_id is missing)." };
  const client = clientId.length <= 200 ? await db().client.findUnique({ where: { id: clientId } }) : null;
  if (!client || client.disabledAt) {
    return { kind: "error_page", title: "Unknown application", message: "This sign-in link names an application Trustgate does not know." };
  }
  if (!redirectUri || !isRegisteredRedirectUri(client.redirectUris, redirectUri)) {
    return {
      kind: "error_page",
      title: "Invalid redirect address",
      message: `The redirect_uri of this sign-in link is not registered for ${client.name}, so Trustgate will not send you there.`,
    };
  }
  const state = query.get("state");
  if (query.get("response_type") !== "code") {
    return { kind: "redirect", location: errorRedirect(redirectUri, "unsupported_response_type", "response_type must be code", state) };
  }
  return {
    kind: "redirect",
    location: errorRedirect(redirectUri, "temporarily_unavailable", "Sign-in is not enabled on this Trustgate server yet", state),
  };
}
