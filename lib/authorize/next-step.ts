// Where a hosted sign-in goes next: sign in → (intent linking) → status routing (SPEC table:
// retry/document → /verify/*, rejected/suspended → terminal screen) → consent (unless remembered) → code. Each decision is made on the server from the stored request.
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";
import type { VerificationKind } from "@/lib/db/generated/enums";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { issueAuthorizationCode } from "@/lib/oauth/authorization-code";
import type { SessionUser } from "@/lib/sessions/auth-options";
import { completeAuthorizationRequest, type AuthorizationRequest } from "./authorization-request";
import { hasConsent } from "./consent";
import { errorRedirect, successRedirect } from "./redirects";
import { scopeSet } from "@/lib/oauth/scopes";
import { verificationFormFor } from "@/lib/verification/eligibility";

export type NextStep =
  | { kind: "sign_in" }
  | { kind: "consent"; user: User }
  | { kind: "blocked"; user: User }
  | { kind: "verify"; user: User; form: VerificationKind }
  | { kind: "intent_problem"; code: "intent_phone_mismatch" | "intent_converted_to_other_user" | "intent_not_found" }
  | { kind: "redirect"; location: string }
  | { kind: "expired" };

const TERMINAL = new Set(["rejected", "suspended"]);

export type Assessment =
  | { kind: "sign_in" }
  | { kind: "blocked"; user: User }
  | { kind: "intent_problem"; code: "intent_phone_mismatch" | "intent_converted_to_other_user" | "intent_not_found" }
  /** A /verify/* form comes first (status retry or document, or a standalone verification link). */
  | { kind: "verify"; user: User; form: VerificationKind }
  | { kind: "ready"; user: User };

/** Who is signing in and whether they may go on (links a UserIntent on the way; idempotent). */
export async function assessRequest(request: AuthorizationRequest, session: SessionUser | null): Promise<Assessment> {
  if (!session) return { kind: "sign_in" };
  if (request.expectedUserId && request.expectedUserId !== session.id) return { kind: "sign_in" };
  // A locked phone means: only the owner of that number may finish this request.
  if (request.phoneReadOnly && request.phone !== session.phone) return { kind: "sign_in" };
  // Linking an intent to an existing user never changes that user, so one read serves throughout.
  const user = await db().user.findUnique({ where: { id: session.id } });
  // The session remembers the phone it signed in with; a changed number needs a new sign-in.
  if (!user || user.phone !== session.phone) return { kind: "sign_in" };
  if (request.userIntentId) {
    const intentId = request.userIntentId;
    try {
      const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId, clientId: request.clientId, phone: user.phone }));
      if (userId !== session.id) return { kind: "intent_problem", code: "intent_phone_mismatch" };
    } catch (error) {
      if (error instanceof ProductError && (error.code === "intent_phone_mismatch" || error.code === "intent_converted_to_other_user" || error.code === "intent_not_found")) {
        return { kind: "intent_problem", code: error.code };
      }
      throw error;
    }
  }
  if (TERMINAL.has(user.status)) return { kind: "blocked", user };
  const form = await verificationFormFor(request, user);
  if (form) return { kind: "verify", user, form };
  return { kind: "ready", user };
}

export async function nextStep(request: AuthorizationRequest, session: SessionUser | null): Promise<NextStep> {
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "ready") return assessment;
  if (await hasConsent(assessment.user.id, request.clientId, scopeSet(request.scope))) return finishWithCode(request, session!);
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
    resources: request.resources ?? [],
  });
  await db().$transaction((tx) =>
    emit(tx, { type: "authorization.granted", actor: { type: "user", id: session.id }, userId: session.id, clientId: request.clientId, data: { scope: request.scope, auth_method: session.authMethod } }),
  );
  return { kind: "redirect", location: successRedirect(request.redirectUri, code, request.state) };
}

/** Ends the request with access_denied (the user said no, or the account may not proceed). */
export async function finishWithDenial(request: AuthorizationRequest, userId: string | null, description: string): Promise<NextStep> {
  if (!(await completeAuthorizationRequest(request.id))) return { kind: "expired" };
  await db().$transaction((tx) =>
    emit(tx, { type: "authorization.denied", actor: { type: "user", id: userId }, userId, clientId: request.clientId, data: { reason: description } }),
  );
  return { kind: "redirect", location: errorRedirect(request.redirectUri, "access_denied", description, request.state) };
}
