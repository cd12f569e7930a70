// GET /login/oauth/authorize — every check, in the order that decides where an error may go
// (RFC 6749 §4.1.2.1, RFC 9700 §4.1): an unknown client or an unregistered redirect_uri is shown
// on Trustgate's own page and never redirected; developer mistakes about users and intents get a
// readable page too; every other error goes back to the verified redirect_uri. A request_uri from
// the PAR endpoint (RFC 9126 §4) stands for a request that passed the same checks when it was pushed.
import { brandingOf, type ClientBranding } from "@/lib/clients/branding/branding";
import type { Client } from "@/lib/db/generated/client";
import type { Locale } from "@/lib/i18n/locales";
import { mustUsePar } from "@/lib/oauth/fapi2";
import { redeemPushedRequest } from "@/lib/oauth/pushed-request-store";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";
import { checkIntentForAuthorize } from "@/lib/intents/convert-intent";
import { normalizePhone } from "@/lib/phone/normalize";
import { InvalidTarget } from "@/lib/errors/oauth";
import { checkResources } from "@/lib/oauth/resources";
import { storeAuthorizationRequest, type AuthorizationRequest, type NewAuthorizationRequest } from "./authorization-request";
import { checkClientAndRedirectUri } from "./check-client-redirect";
import { errorRedirect } from "./redirects";
import { MAX_PARAM, PKCE_CHALLENGE } from "./schemas";
import { parseMaxAge, parsePrompt } from "./prompt";
import { isUserOfClient } from "@/lib/users/user-of-client";
import { parseClaimsParameter } from "./claims-parameter";
import { parseScope } from "./scopes";
import { isUuid } from "@/lib/validation/ids";
import { verifyIdTokenHint } from "@/lib/logout/rp-logout";

export type AuthorizeOutcome =
  | { kind: "error_page"; title: string; message: string; brand?: ClientBranding | null }
  | { kind: "redirect"; location: string }
  | {
      kind: "started";
      requestId: string;
      request: AuthorizationRequest;
      /** A pushed request (RFC 9126) carries its own ui_locales choice (null: none supported); the query's does not count. */
      pushed?: { uiLocale: Locale | null };
    };

/** An error page; with a known client, drawn with its branding. */
function errorPage(title: string, message: string, client?: Client): AuthorizeOutcome {
  return { kind: "error_page", title, message, brand: client ? brandingOf(client) : null };
}

/** The outcome of the parameter checks after client and redirect_uri (shared with the PAR endpoint). */
export type ParamCheck = { ok: true; request: NewAuthorizationRequest } | { ok: false; kind: "redirect"; error: string; description: string } | { ok: false; kind: "error_page"; title: string; message: string };

/** RFC 7638 SHA-256 JWK thumbprint: 43 base64url characters. */
const JKT = /^[A-Za-z0-9_-]{43}$/;

export async function checkAuthorizeRequest(query: URLSearchParams): Promise<AuthorizeOutcome> {
  // A PAR reference (RFC 9126 §4); any other request_uri is a request object by reference, refused below.
  if (query.get("request_uri")?.startsWith("urn:ietf:params:oauth:request_uri:")) return checkPushedAuthorizeRequest(query);
  const checked = await checkClientAndRedirectUri(query);
  if (!checked.ok) return errorPage(checked.title, checked.message, checked.client);
  const { client, redirectUri } = checked;
  const state = query.get("state");
  if (mustUsePar(client)) {
    return { kind: "redirect", location: errorRedirect(redirectUri, "invalid_request", "This client must push its authorization requests (PAR, RFC 9126) and send the request_uri", state) };
  }
  const validated = await validateAuthorizationParams(client, redirectUri, query);
  if (!validated.ok) {
    return validated.kind === "error_page" ? errorPage(validated.title, validated.message, client) : { kind: "redirect", location: errorRedirect(redirectUri, validated.error, validated.description, state) };
  }
  return started(await storeAuthorizationRequest(validated.request));
}

const started = (request: AuthorizationRequest): AuthorizeOutcome => ({ kind: "started", requestId: request.id, request });

/** RFC 9126 §4: client_id and request_uri; the pushed request is spent here (single use, ≤60 s, same client). */
async function checkPushedAuthorizeRequest(query: URLSearchParams): Promise<AuthorizeOutcome> {
  for (const key of new Set(query.keys())) {
    if (query.getAll(key).length > 1) return errorPage("Invalid sign-in link", `The parameter "${key}" appears more than once.`);
  }
  const clientId = query.get("client_id");
  if (!clientId) return errorPage("Missing client_id", "The application did not say who it is (client_id is missing).");
  const request = await redeemPushedRequest(clientId, query.get("request_uri")!);
  if (!request) {
    return errorPage("This sign-in link has expired", "The request_uri is unknown, expired, already used or belongs to another application. Developers: push a new authorization request (POST /v1/oauth/par) for every sign-in.");
  }
  const { uiLocale = null, ...authorization } = request;
  const stored = await storeAuthorizationRequest(authorization);
  return { kind: "started", requestId: stored.id, request: stored, pushed: { uiLocale } };
}

/** Every check of an authorize request after its client and redirect_uri were verified. */
export async function validateAuthorizationParams(client: Client, redirectUri: string, query: URLSearchParams): Promise<ParamCheck> {
  const state = query.get("state");
  const fail = (error: string, description: string): ParamCheck => ({ ok: false, kind: "redirect", error, description });
  const errorPage = (title: string, message: string): ParamCheck => ({ ok: false, kind: "error_page", title, message });

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
  const parsedScopes = parseScope(query.get("scope"));
  if (!parsedScopes) return fail("invalid_scope", "The requested scope is unknown");
  // OpenID Connect Core §5.5 / Identity Assurance: asking for verified_claims asks the user to share
  // their verification, so the consent screen lists it and the `verification` scope carries it.
  const claims = parseClaimsParameter(query.get("claims"));
  if (claims === "invalid") return fail("invalid_request", "claims must be a JSON object (OpenID Connect Core section 5.5)");
  const scopes = claims.verifiedClaims && !parsedScopes.includes("verification") ? [...parsedScopes, "verification" as const].sort() : parsedScopes;
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
  } else if (client.fapi2) {
    return fail("invalid_request", "PKCE (code_challenge with S256) is required (FAPI 2.0)");
  }
  // RFC 9449 §10: bind the code to the client's DPoP key.
  const dpopJkt = query.get("dpop_jkt");
  if (dpopJkt !== null && !JKT.test(dpopJkt)) return fail("invalid_request", "dpop_jkt must be a base64url SHA-256 JWK thumbprint");

  const prompt = parsePrompt(query.get("prompt"));
  if ("error" in prompt) return fail("invalid_request", prompt.error);
  const maxAge = parseMaxAge(query.get("max_age"));
  if ("error" in maxAge) return fail("invalid_request", maxAge.error);

  const rawPhone = query.get("phone");
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone && !phone) return fail("invalid_request", "phone must be a 10-digit US or E.164 phone number");
  const phoneReadOnly = query.get("phone_read_only") === "true";
  if (phoneReadOnly && !phone) return fail("invalid_request", "phone_read_only=true requires phone");

  const intentId = query.get("user_intent_id");
  const userId = query.get("user_id");
  if (intentId && userId) return fail("invalid_request", "Send user_intent_id or user_id, not both");
  if (intentId) {
    const checked = isUuid(intentId) ? await checkIntentForAuthorize(client.id, intentId) : ({ ok: false, code: "intent_not_found" } as const);
    if (!checked.ok) {
      return checked.code === "intent_converted_to_other_user"
        ? errorPage("This sign-up link is out of date", "user_intent_id names an intent that became a user whose phone number has since changed. Developers: use user_id instead of user_intent_id.")
        : errorPage("Unknown user intent", `user_intent_id does not name a user intent of ${client.name}. Developers: create it with POST /v1/user_intent first.`);
    }
  }
  if (userId) {
    // Only a user linked to this client (consent or a converted intent); anyone else — another
    // partner's user included — gets exactly the unknown-user answer (no enumeration, no SMS).
    const linked = isUuid(userId) ? await isUserOfClient(client.id, userId) : false;
    if (!linked) return errorPage("Unknown user", "user_id does not name a Trustgate user. Developers: use the id returned when the user first signed in.");
  }
  // OpenID Connect Core §3.1.2.1: id_token_hint names the user the client expects, like user_id:
  // anyone else signed in is asked to sign in — or, with prompt=none, gets login_required.
  const hintedUserId = await userOfIdTokenHint(client, query.get("id_token_hint"));
  if (hintedUserId === "invalid") return fail("invalid_request", "id_token_hint is not an ID token Trustgate issued to this client for a current user");
  if (hintedUserId && userId && hintedUserId !== userId) return fail("invalid_request", "id_token_hint and user_id name different users");

  return {
    ok: true,
    request: {
      clientId: client.id,
      redirectUri,
      scope: scopes.join(" "),
      state,
      nonce,
      codeChallenge: challenge,
      codeChallengeMethod: challenge ? "S256" : null,
      userIntentId: intentId,
      expectedUserId: userId ?? hintedUserId,
      phone,
      phoneReadOnly,
      dpopJkt,
      prompt: prompt.prompt,
      maxAge: maxAge.maxAge,
      resources,
    },
  };
}

/** The user an id_token_hint names (an ID token we issued to this client, expired ones too), null without one. */
async function userOfIdTokenHint(client: Client, rawHint: string | null): Promise<string | null | "invalid"> {
  if (rawHint === null) return null;
  const hint = await verifyIdTokenHint(rawHint);
  if (!hint || hint.aud !== client.id || !isUuid(hint.sub)) return "invalid";
  return (await isUserOfClient(client.id, hint.sub)) ? hint.sub : "invalid";
}
