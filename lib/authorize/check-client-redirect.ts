// The first two checks of every hosted entry point (authorize and /verify/*): who the partner is
// and where it wants the user back. Failures are shown on Trustgate's own page, never redirected
// (RFC 6749 §4.1.2.1, RFC 9700 §4.1): an unregistered redirect_uri is not a place to send anyone.
import { isRegisteredRedirectUri } from "@/lib/clients/redirect-uri";
import { findClientCached } from "@/lib/clients/client-cache";
import type { Client } from "@/lib/db/generated/client";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";

/** A refusal names the client when it is known (its branding is drawn on the error page). */
export type ClientRedirectCheck = { ok: true; client: Client; redirectUri: string } | { ok: false; title: string; message: string; client?: Client };

export async function checkClientAndRedirectUri(query: URLSearchParams, noun = "sign-in link"): Promise<ClientRedirectCheck> {
  for (const key of new Set(query.keys())) {
    // RFC 8707 §2: `resource` may be given several times.
    if (key !== "resource" && query.getAll(key).length > 1) return { ok: false, title: `Invalid ${noun}`, message: `The parameter "${key}" appears more than once.` };
  }
  const clientId = query.get("client_id");
  const redirectUri = query.get("redirect_uri");
  if (!clientId) return { ok: false, title: "Missing client_id", message: "The application did not say who it is (client_id is missing)." };
  if (CONTROL_CHARACTERS.test(clientId) || (redirectUri && CONTROL_CHARACTERS.test(redirectUri))) {
    return { ok: false, title: `Invalid ${noun}`, message: "client_id or redirect_uri contains control characters." };
  }
  // The partner lookup every token request makes (plain SQL; cached with immediate invalidation on PostgreSQL).
  const client = clientId.length <= 200 ? await findClientCached(clientId) : null;
  if (!client || client.disabledAt) return { ok: false, title: "Unknown application", message: `This ${noun} names an application Trustgate does not know.` };
  if (!redirectUri) {
    return {
      ok: false,
      client,
      title: "Missing redirect address",
      message: `This ${noun} does not say where to send you back (redirect_uri is missing). ${client.name} must add one of its registered redirect URIs.`,
    };
  }
  if (!isRegisteredRedirectUri(client.redirectUris, redirectUri)) {
    return {
      ok: false,
      client,
      title: "Invalid redirect address",
      message: `The redirect_uri of this ${noun} is not registered for ${client.name}, so Trustgate will not send you there.`,
    };
  }
  return { ok: true, client, redirectUri };
}
