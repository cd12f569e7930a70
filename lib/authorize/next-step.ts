// Where a hosted sign-in goes next: sign in → (intent linking) → status routing (SPEC table:
// retry/document → /verify/*, rejected/suspended → terminal screen) → consent (unless remembered) → code. Each decision is made on the server from the stored request.
// OpenID Connect Core §3.1.2.1: `prompt=login` and `max_age` need an authentication made during
// this request (or recent enough); `prompt=consent` always asks; `prompt=none` never shows a page
// and answers login_required / consent_required / interaction_required instead.
import type { User } from "@/lib/db/generated/client";
import type { VerificationKind } from "@/lib/db/generated/enums";
import { record } from "@/lib/events/emit";
import { issueAuthorizationCode } from "@/lib/oauth/authorization-code";
import { may } from "@/lib/sessions/capabilities";
import type { SessionUser } from "@/lib/sessions/current-session";
import { recordSessionClient } from "@/lib/sessions/session";
import { requiresSecondFactor } from "@/lib/second-factor/user-app";
import { linkIntent, userMatchesRequest } from "@/lib/sign-in/request-binding";
import { hasPrompt } from "./prompt";
import { completeAuthorizationRequest, type AuthorizationRequest } from "./authorization-request";
import { hasConsent } from "./consent";
import { errorRedirect, successRedirect } from "./redirects";
import { scopeSet } from "@/lib/oauth/scopes";
import { verificationFormFor } from "@/lib/verification/eligibility";
import { findUserById } from "@/lib/users/user-row";

export type NextStep =
  | { kind: "sign_in" }
  | { kind: "second_factor"; user: User }
  | { kind: "consent"; user: User }
  | { kind: "blocked"; user: User }
  | { kind: "verify"; user: User; form: VerificationKind }
  | { kind: "intent_problem"; code: "intent_phone_mismatch" | "intent_converted_to_other_user" | "intent_not_found" }
  | { kind: "redirect"; location: string }
  | { kind: "expired" };

const TERMINAL = new Set(["rejected", "suspended"]);

export type Assessment =
  | { kind: "sign_in" }
  /** A trusted-auth session of a user with an authenticator app: the app's code is still due. */
  | { kind: "second_factor"; user: User }
  | { kind: "blocked"; user: User }
  | { kind: "intent_problem"; code: "intent_phone_mismatch" | "intent_converted_to_other_user" | "intent_not_found" }
  /** A /verify/* form comes first (status retry or document, or a standalone verification link). */
  | { kind: "verify"; user: User; form: VerificationKind }
  | { kind: "ready"; user: User };

/** Whether the session's authentication satisfies the request's `prompt=login` / `max_age`. */
export function authenticationFreshEnough(request: Pick<AuthorizationRequest, "prompt" | "maxAge" | "createdAt">, session: SessionUser, nowMs = Date.now()): boolean {
  const askedLogin = hasPrompt(request, "login");
  const tooOld = request.maxAge !== null && Math.floor(nowMs / 1000) - session.authTime > request.maxAge;
  if (!askedLogin && !tooOld) return true;
  // A sign-in made during this request satisfies both (max_age=0 included) — except that a
  // trusted-auth session's auth_time is the partner's, which cannot satisfy max_age.
  const madeDuringRequest = session.createdAt !== undefined && session.createdAt >= Math.floor(request.createdAt.getTime() / 1000);
  return madeDuringRequest && !(tooOld && session.authMethod === "trusted_auth");
}

/** Who is signing in and whether they may go on (links a UserIntent on the way; idempotent). */
export async function assessRequest(request: AuthorizationRequest, session: SessionUser | null): Promise<Assessment> {
  if (!session) return { kind: "sign_in" };
  // The partner's locks (user_id, phone_read_only) and the session's own scope (a trusted-auth
  // session finishes only the request it was made for).
  if (!userMatchesRequest(request, { id: session.id, phone: session.phone })) return { kind: "sign_in" };
  if (!may(session, "finish_authorization", { clientId: request.clientId, requestId: request.id })) return { kind: "sign_in" };
  if (!authenticationFreshEnough(request, session)) return { kind: "sign_in" };
  // Linking an intent to an existing user never changes that user, so one read serves throughout.
  const user = await findUserById(session.id);
  // The session remembers the phone it signed in with; a changed number needs a new sign-in.
  if (!user || user.phone !== session.phone) return { kind: "sign_in" };
  if (request.userIntentId) {
    const linked = await linkIntent(request, user.phone);
    if ("problem" in linked) return { kind: "intent_problem", code: linked.problem };
    if (linked.userId !== session.id) return { kind: "intent_problem", code: "intent_phone_mismatch" };
  }
  if (session.authMethod === "trusted_auth" && !session.secondFactor && (await requiresSecondFactor(user.id))) return { kind: "second_factor", user };
  if (TERMINAL.has(user.status)) return { kind: "blocked", user };
  const form = await verificationFormFor(request, user);
  if (form) return { kind: "verify", user, form };
  return { kind: "ready", user };
}

export async function nextStep(request: AuthorizationRequest, session: SessionUser | null): Promise<NextStep> {
  const assessment = await assessRequest(request, session);
  const silent = hasPrompt(request, "none");
  if (assessment.kind === "sign_in" && silent) return finishWithError(request, session?.id ?? null, "login_required", "The user must sign in");
  if (assessment.kind !== "ready") {
    if (silent) return finishWithError(request, session?.id ?? null, "interaction_required", "The user must interact with Trustgate to go on");
    return assessment;
  }
  const remembered = !hasPrompt(request, "consent") && !hasPrompt(request, "select_account") && (await hasConsent(assessment.user.id, request.clientId, scopeSet(request.scope)));
  if (remembered) return finishWithCode(request, session!);
  if (silent) return finishWithError(request, session!.id, "consent_required", "The user must approve this application");
  return { kind: "consent", user: assessment.user };
}

/** Issues the authorization code: the request is answered exactly once. */
export async function finishWithCode(request: AuthorizationRequest, session: SessionUser): Promise<NextStep> {
  // A standalone verification link is not an authorization: it never yields a code.
  if (request.verifyForm) return { kind: "expired" };
  if (!(await completeAuthorizationRequest(request.id))) return { kind: "expired" };
  const code = await issueAuthorizationCode({
    clientId: request.clientId,
    userId: session.id,
    redirectUri: request.redirectUri,
    scope: request.scope,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod === "S256" ? "S256" : null,
    authMethod: session.authMethod,
    authTime: new Date(session.authTime * 1000),
    deviceId: session.deviceId ?? null,
    sessionId: session.sessionId ?? null,
    amr: session.amr ?? [],
    dpopJkt: request.dpopJkt,
    resources: request.resources ?? [],
  });
  if (session.sessionId) await recordSessionClient(session.sessionId, request.clientId);
  await record({ type: "authorization.granted", actor: { type: "user", id: session.id }, userId: session.id, clientId: request.clientId, data: { scope: request.scope, auth_method: session.authMethod } });
  return { kind: "redirect", location: successRedirect(request.redirectUri, code, request.state) };
}

/** Ends the request with access_denied (the user said no, or the account may not proceed). */
export function finishWithDenial(request: AuthorizationRequest, userId: string | null, description: string): Promise<NextStep> {
  return finishWithError(request, userId, "access_denied", description);
}

/** Ends the request with an error sent to the partner's redirect_uri (with `iss`, RFC 9207). */
export async function finishWithError(request: AuthorizationRequest, userId: string | null, error: string, description: string): Promise<NextStep> {
  if (!(await completeAuthorizationRequest(request.id))) return { kind: "expired" };
  await record({ type: "authorization.denied", actor: { type: "user", id: userId }, userId, clientId: request.clientId, data: { reason: description, error } });
  return { kind: "redirect", location: errorRedirect(request.redirectUri, error, description, request.state) };
}
