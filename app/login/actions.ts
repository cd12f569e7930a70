"use server";
// Server actions of the hosted sign-in pages. Next.js rejects cross-origin action posts (it
// compares Origin with Host), which is their CSRF protection; each action re-checks the request
// and the session on the server.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { LOGIN_PHONE_COOKIE, LOGIN_PHONE_DRAFT_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, finishWithCode, finishWithDenial, nextStep } from "@/lib/authorize/next-step";
import { nextLocation, stepLocation } from "@/lib/authorize/step-location";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { publicUrl } from "@/lib/config/settings";
import { publicAction } from "@/lib/http/action";
import { sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { currentSessionUser, sessionToken, toSessionUser } from "@/lib/sessions/current-session";
import { signInWithSmsCodeStep } from "@/lib/sign-in/sms-sign-in";
import type { CodeStepState } from "@/components/login/SmsCodeForm";
import { signOut } from "@/lib/sign-in/sign-out";
import { stepUpWithSecondFactor } from "@/lib/sign-in/step-up";
import { scopeSet } from "@/lib/oauth/scopes";

export const requestCodeAction = publicAction(async ({ field, ip }) => {
  const rid = field("rid");
  const resend = Boolean(field("resend"));
  const result = await startSmsSignIn({ requestId: rid, phone: field("phone"), ip });
  const jar = await cookies();
  const cookieOptions = { httpOnly: true, sameSite: "lax", secure: publicUrl().startsWith("https://"), path: "/login" } as const;
  if (!result.ok) {
    // "Send a new code" failed: the user stays on the code page (the code already sent still works).
    if (resend && result.error !== "expired") redirect(`/login/code?rid=${encodeURIComponent(rid)}&error=${result.error}`);
    // The phone page shows what was typed again, next to the error (never in the URL).
    if (result.error === "invalid_phone") jar.set(LOGIN_PHONE_DRAFT_COOKIE, field("phone").slice(0, 40), { ...cookieOptions, maxAge: 5 * 60 });
    redirect(`/login?rid=${encodeURIComponent(rid)}&error=${result.error}`);
  }
  jar.set(LOGIN_PHONE_COOKIE, result.phone, { ...cookieOptions, maxAge: 15 * 60 });
  jar.delete({ name: LOGIN_PHONE_DRAFT_COOKIE, path: "/login" });
  // A double tap or a retried slow post finds the cooldown running: the code page with its countdown.
  const notice = result.justSent ? "&sent=recently" : resend ? "&resent=1" : "";
  redirect(`/login/code?rid=${encodeURIComponent(rid)}${notice}`);
});

/**
 * The SMS code (SmsCodeForm): checks it, starts the session and sends the browser straight to the
 * next step (consent, or back to the partner) in the same answer — no /login/continue bounce.
 */
export const verifyCodeAction = publicAction<CodeStepState, CodeStepState>(async ({ field, ip }) => {
  const rid = field("rid");
  const outcome = await signInWithSmsCodeStep({ phone: field("phone"), code: field("code"), requestId: rid || null, ip });
  if (outcome.kind === "refused") return { error: outcome.error };
  if (outcome.kind === "second_factor") return { ticket: outcome.ticket };
  (await cookies()).set(sessionCookieName(), outcome.token, sessionCookieOptions());
  const request = await loadAuthorizationRequest(rid);
  // An ended request: /login/continue shows that page.
  redirect((request && (await nextLocation(request, toSessionUser(outcome.session)))) ?? `/login/continue?rid=${encodeURIComponent(rid)}`);
});

// The session is optional here (assessRequest decides what a missing one means), so these are
// public actions that read it themselves with the same lookup the pipelines use.
async function requestAndSession(field: (name: string) => string) {
  const rid = field("rid");
  const request = await loadAuthorizationRequest(rid);
  if (!request) redirect(`/login?rid=${encodeURIComponent(rid)}&error=expired`);
  return { rid, request, session: await currentSessionUser() };
}

export const consentAction = publicAction(async ({ field }) => {
  const { rid, request, session } = await requestAndSession(field);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "ready") redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const step =
    field("decision") === "allow"
      ? await recordConsent(assessment.user.id, request.clientId, scopeSet(request.scope)).then(() => finishWithCode(request, session!))
      : await finishWithDenial(request, assessment.user.id, "The user denied the request");
  redirect(step.kind === "redirect" ? step.location : `/login?rid=${encodeURIComponent(rid)}&error=expired`);
});

export const returnToPartnerAction = publicAction(async ({ field }) => {
  const { rid, request, session } = await requestAndSession(field);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "blocked" && assessment.kind !== "intent_problem") redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const step =
    assessment.kind === "blocked"
      ? await finishWithDenial(request, assessment.user.id, `The account is ${assessment.user.status}`)
      : await finishWithDenial(request, session?.id ?? null, "The signed-in user does not match the user intent");
  redirect(step.kind === "redirect" ? step.location : `/login?rid=${encodeURIComponent(rid)}&error=expired`);
});

/** "Not you? Use another number": ends this browser's session, back to the phone step. */
export const useAnotherNumberAction = publicAction(async ({ field, ip }) => {
  const rid = field("rid");
  await signOut(await sessionToken(), { ip, reason: "switch_user" });
  (await cookies()).delete(sessionCookieName());
  redirect(`/login?rid=${encodeURIComponent(rid)}`);
});

/** The authenticator-app step after a trusted-auth sign-in (lib/sign-in/step-up.ts). */
export const stepUpSecondFactorAction = publicAction(async ({ field, ip }) => {
  const rid = field("rid");
  const method = field("method") === "recovery_code" ? "recovery_code" : "totp";
  const { request, session } = await requestAndSession(field);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "second_factor" || !session?.sessionId) redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const outcome = await stepUpWithSecondFactor({ session: { id: session.sessionId, userId: session.id }, method, code: field("code"), ip });
  if (!outcome.ok) redirect(`/login/second-factor?rid=${encodeURIComponent(rid)}&method=${method}&error=${outcome.reason}`);
  const step = await nextStep(request, await currentSessionUser());
  redirect(step.kind === "expired" ? `/login?rid=${encodeURIComponent(rid)}&error=expired` : stepLocation(step, rid));
});
