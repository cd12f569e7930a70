// POST /v1/oauth/par — RFC 9126 §2: the client pushes its authorization request over an
// authenticated back channel; it is checked exactly as the authorize endpoint checks a request
// (lib/authorize/check-authorize-request.ts) and answered with a one-time request_uri (≤60 s).
import { authenticateClient } from "@/lib/clients/authenticate";
import { isRegisteredRedirectUri } from "@/lib/clients/redirect-uri";
import { validateAuthorizationParams } from "@/lib/authorize/check-authorize-request";
import { InvalidRequest } from "@/lib/errors/oauth";
import { matchUiLocales } from "@/lib/i18n/locales";
import { endpointUrl, verifyDpopProof } from "./dpop";
import { signingAlgsFor } from "./fapi2";
import { storePushedRequest } from "./pushed-request-store";

export const PAR_ENDPOINT_PATH = "/v1/oauth/par";

/** Client authentication parameters: relied on for authentication only (§2.1), never stored. */
const AUTHENTICATION_PARAMETERS = ["client_secret", "client_assertion", "client_assertion_type"];

/** What the endpoint answers (plain data: the edge, app/v1/oauth/par/route.ts, sends it uncached). */
export interface PushedAnswer {
  status: 201 | 400;
  body: { request_uri: string; expires_in: number } | { error: string; error_description: string };
}

export async function handlePushedAuthorizationRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<PushedAnswer> {
  // §2.1: the client authenticates as at the token endpoint (public clients by client_id, with PKCE).
  const { client } = await authenticateClient(req, { ...meta, allowPublic: true }, form);
  if (form.has("request_uri")) throw new InvalidRequest("request_uri must not be sent to the PAR endpoint");
  if (form.has("request")) return errorAnswer("request_not_supported", "Request objects are not supported; send the parameters themselves");
  const query = new URLSearchParams(form);
  for (const name of AUTHENTICATION_PARAMETERS) query.delete(name);
  query.set("client_id", client.id);

  // FAPI 2.0 §5.3.2.2: redirect_uri is required in the PAR (and for everyone here: codes are bound to it).
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri) throw new InvalidRequest("redirect_uri is required");
  if (!isRegisteredRedirectUri(client.redirectUris, redirectUri)) throw new InvalidRequest("redirect_uri is not registered for this client");

  // RFC 9449 §10.1: a DPoP proof here binds the code to its key, like dpop_jkt; both must agree.
  const proof = await verifyDpopProof(req, { htm: "POST", htu: endpointUrl(PAR_ENDPOINT_PATH), algorithms: signingAlgsFor(client) ?? undefined });
  if (proof) {
    const named = query.get("dpop_jkt");
    if (named !== null && named !== proof.jkt) return errorAnswer("invalid_dpop_proof", "dpop_jkt does not match the key of the DPoP proof");
    query.set("dpop_jkt", proof.jkt);
  }

  const checked = await validateAuthorizationParams(client, redirectUri, query);
  if (!checked.ok) return checked.kind === "redirect" ? errorAnswer(checked.error, checked.description) : errorAnswer("invalid_request", checked.message);
  // ui_locales is kept with the request: the pages of this sign-in are in its language, as on a plain authorize.
  const pushed = await storePushedRequest({ ...checked.request, uiLocale: matchUiLocales(query.get("ui_locales")) });
  return { status: 201, body: { request_uri: pushed.requestUri, expires_in: pushed.expiresIn } };
}

function errorAnswer(error: string, description: string): PushedAnswer {
  return { status: 400, body: { error, error_description: description } };
}
