// GET /login/oauth/authorize — every check, in the order that decides where an error may go
// (RFC 6749 §4.1.2.1, RFC 9700 §4.1): an unknown client or an unregistered redirect_uri is shown
// on Trustgate's own page and never redirected; developer mistakes about users and intents get a
// readable page too; every other error goes back to the verified redirect_uri.
import { db } from "@/lib/db";
import { CONTROL_CHARACTERS } from "@/lib/http/parse";
import { checkIntentForAuthorize } from "@/lib/intents/convert-intent";
import { normalizePhone } from "@/lib/phone/normalize";
import { InvalidTarget } from "@/lib/errors/oauth";
import { checkResources } from "@/lib/oauth/resources";
import { createAuthorizationRequest } from "./authorization-request";
import { checkClientAndRedirectUri } from "./check-client-redirect";
import { errorRedirect } from "./redirects";
import { MAX_PARAM, PKCE_CHALLENGE } from "./schemas";
import { parseScope } from "./scopes";

export type AuthorizeOutcome =
  | { kind: "error_page"; title: string; message: string }
  | { kind: "redirect"; location: string }
  | { kind: "started"; requestId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function errorPage(title: string, message: string): AuthorizeOutcome {
  return { kind: "error_page", title, message };
}

export async function checkAuthorizeRequest(query: URLSearchParams): Promise<AuthorizeOutcome> {
  const checked = await checkClientAndRedirectUri(query);
  if (!checked.ok) return errorPage(checked.title, checked.message);
  const { client, redirectUri } = checked;

  const state = query.get("state");
  const fail = (error: string, description: string): AuthorizeOutcome => ({ kind: "redirect", location: errorRedirect(redirectUri, error, description, state) });

  for (const value of query.values()) {
    if (CONTROL_CHARACTERS.test(value)) return fail("invalid_request", "A parameter contains control characters");
  }
  if (state !== null && state.length > MAX_PARAM) return fail("invalid_request", "state is too long");
  // OpenID Connect Core §6.1, §6.2: request objects are not supported (discovery says so); the OP
  // must then answer these errors rather than ignore them. PAR's request_uri (RFC 9126) is another thing.
  if (query.has("request")) return fail("request_not_supported", "Request objects are not supported: send the parameters in the query");
  const requestUri = query.get("request_uri");
  if (requestUri !== null && !requestUri.startsWith("urn:ietf:params:oauth:request_uri:")) {
    return fail("request_uri_not_supported", "request_uri is only supported for pushed authorization requests");
  }
  const responseType = query.get("response_type");
  if (!responseType) return fail("invalid_request", "response_type is required");
  if (responseType !== "code") return fail("unsupported_response_type", "Only response_type=code is supported");
  const scopes = parseScope(query.get("scope"));
  if (!scopes) return fail("invalid_scope", "The requested scope is unknown");
  // RFC 8707 §2: each resource must be registered for this client (or be Trustgate's own APIs).
  let resources: string[];
  try {
    resources = checkResources(query.getAll("resource"), client.resources);
  } catch (error) {
    if (error instanceof InvalidTarget) return fail(error.error, error.description);
    throw error;
  }
  const nonce = query.get("nonce");
  if (nonce !== null && (nonce.length === 0 || nonce.length > MAX_PARAM)) return fail("invalid_request", "nonce must be 1 to 512 characters");

  // PKCE (RFC 7636, RFC 9700 §2.1.1): S256 only; required for public clients.
  const challenge = query.get("code_challenge");
  const method = query.get("code_challenge_method");
  if (challenge === null && method !== null) return fail("invalid_request", "code_challenge_method without code_challenge");
  if (challenge !== null) {
    if (method !== "S256") return fail("invalid_request", "code_challenge_method must be S256 (plain is not allowed)");
    if (!PKCE_CHALLENGE.test(challenge)) return fail("invalid_request", "code_challenge must be 43-128 base64url characters");
  } else if (client.type === "public") {
    return fail("invalid_request", "PKCE (code_challenge with S256) is required for public clients");
  }

  const rawPhone = query.get("phone");
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone && !phone) return fail("invalid_request", "phone must be a 10-digit US or E.164 phone number");
  const phoneReadOnly = query.get("phone_read_only") === "true";
  if (phoneReadOnly && !phone) return fail("invalid_request", "phone_read_only=true requires phone");

  const intentId = query.get("user_intent_id");
  const userId = query.get("user_id");
  if (intentId && userId) return fail("invalid_request", "Send user_intent_id or user_id, not both");
  if (intentId) {
    const checked = UUID.test(intentId) ? await checkIntentForAuthorize(client.id, intentId) : ({ ok: false, code: "intent_not_found" } as const);
    if (!checked.ok) {
      return checked.code === "intent_converted_to_other_user"
        ? errorPage("This sign-up link is out of date", "user_intent_id names an intent that became a user whose phone number has since changed. Developers: use user_id instead of user_intent_id.")
        : errorPage("Unknown user intent", `user_intent_id does not name a user intent of ${client.name}. Developers: create it with POST /v1/user_intent first.`);
    }
  }
  if (userId) {
    const user = UUID.test(userId) ? await db().user.findUnique({ where: { id: userId }, select: { id: true } }) : null;
    if (!user) return errorPage("Unknown user", "user_id does not name a Trustgate user. Developers: use the id returned when the user first signed in.");
  }

  const requestId = await createAuthorizationRequest({
    clientId: client.id,
    redirectUri,
    scope: scopes.join(" "),
    state,
    nonce,
    codeChallenge: challenge,
    codeChallengeMethod: challenge ? "S256" : null,
    userIntentId: intentId,
    expectedUserId: userId,
    phone,
    phoneReadOnly,
    resources,
  });
  return { kind: "started", requestId };
}
