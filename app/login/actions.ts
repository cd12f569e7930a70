"use server";
// Server actions of the hosted sign-in pages. Next.js rejects cross-origin action posts (it
// compares Origin with Host), which is their CSRF protection; each action re-checks the request
// and the session on the server.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { LOGIN_PHONE_COOKIE, LOGIN_PHONE_DRAFT_COOKIE, LOGIN_TICKET_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, finishWithCode, finishWithDenial, nextStep } from "@/lib/authorize/next-step";
import { stepLocation } from "@/lib/authorize/step-location";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { publicUrl } from "@/lib/config/settings";
import { publicAction } from "@/lib/http/action";
import { requestLocale } from "@/lib/i18n/request";
import { sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { secondFactorFormSignIn, smsCodeFormSignIn } from "@/lib/sign-in/form-sign-in";
import { currentSessionUser, sessionToken } from "@/lib/sessions/current-session";
import { signOut } from "@/lib/sign-in/sign-out";
import { stepUpWithSecondFactor } from "@/lib/sign-in/step-up";
import { scopeSet } from "@/lib/oauth/scopes";

export const requestCodeAction = publicAction(async ({ field, ip }) => {
  const rid = field("rid");
  const resend = Boolean(field("resend"));
  const result = await startSmsSignIn({ requestId: rid, phone: field("phone"), ip, locale: await requestLocale() });
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

/**
 * The code form posted natively (JavaScript off, or before the page's script ran): the same check
 * as next-auth's "sms" credential, the session cookie set here, then on with the flow. With
 * JavaScript the form signs in through next-auth instead (components/login/SmsCodeForm.tsx).
 */
export const verifyCodeAction = publicAction(async ({ field, ip, headers }) => {
  const rid = field("rid");
  const jar = await cookies();
  const phone = jar.get(LOGIN_PHONE_COOKIE)?.value;
  const back = `/login/code?rid=${encodeURIComponent(rid)}`;
  if (!phone) redirect(`/login?rid=${encodeURIComponent(rid)}`);
  const result = await smsCodeFormSignIn({ phone, code: field("code"), requestId: rid || null, ip, userAgent: headers.get("user-agent") });
  if (result.ok) {
    jar.set(sessionCookieName(), result.sessionToken, sessionCookieOptions());
    redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  }
  if (result.ticket) {
    jar.set(LOGIN_TICKET_COOKIE, result.ticket, { httpOnly: true, sameSite: "lax", secure: publicUrl().startsWith("https://"), path: "/login", maxAge: 5 * 60 });
    redirect(`${back}&step=second_factor`);
  }
  redirect(`${back}&error=${encodeURIComponent(result.error)}${result.attemptsLeft !== undefined ? `&left=${result.attemptsLeft}` : ""}`);
});

/** The authenticator-app (or recovery code) step after a code posted natively. */
export const verifySecondFactorAction = publicAction(async ({ field, ip, headers }) => {
  const rid = field("rid");
  const method = field("method") === "recovery_code" ? "recovery_code" : "totp";
  const jar = await cookies();
  const ticket = jar.get(LOGIN_TICKET_COOKIE)?.value ?? "";
  const result = await secondFactorFormSignIn({ ticket, method, code: field("code"), ip, userAgent: headers.get("user-agent") });
  if (result.ok) {
    jar.delete({ name: LOGIN_TICKET_COOKIE, path: "/login" });
    jar.set(sessionCookieName(), result.sessionToken, sessionCookieOptions());
    redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  }
  // An expired ticket means starting over from a new text message code.
  if (result.error === "second_factor_expired") {
    jar.delete({ name: LOGIN_TICKET_COOKIE, path: "/login" });
    redirect(`/login/code?rid=${encodeURIComponent(rid)}&error=expired_code`);
  }
  redirect(`/login/code?rid=${encodeURIComponent(rid)}&step=second_factor&method=${method}&error=${result.error}`);
});
