"use server";
// Server actions of the hosted sign-in pages. Next.js rejects cross-origin action posts (it
// compares Origin with Host), which is their CSRF protection; each action re-checks the request
// and the session on the server.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { loadAuthorizationRequest, type AuthorizationRequest } from "@/lib/authorize/authorization-request";
import { LOGIN_PHONE_COOKIE, LOGIN_PHONE_DRAFT_REMOVAL, loginPhoneCookie, loginPhoneDraftCookie } from "@/lib/authorize/login-phone-cookie";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, finishWithCode, finishWithDenial, nextStep } from "@/lib/authorize/next-step";
import { nextLocation, stepLocation } from "@/lib/authorize/step-location";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { publicAction } from "@/lib/http/action";
import { requestLocale } from "@/lib/i18n/request";
import { sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { secondFactorFormSignIn, smsCodeFormSignIn } from "@/lib/sign-in/form-sign-in";
import { currentSessionUser, sessionToken, toSessionUser } from "@/lib/sessions/current-session";
import type { Session } from "@/lib/sessions/session";
import { forgetTicket, handTicketToBrowser, ticketOfBrowser } from "@/lib/sign-in/second-factor-cookie";
import { signOut } from "@/lib/sign-in/sign-out";
import { stepUpWithSecondFactor } from "@/lib/sign-in/step-up";
import { scopeSet } from "@/lib/oauth/scopes";

export const requestCodeAction = publicAction(async ({ field, ip }) => {
  const rid = field("rid");
  const resend = Boolean(field("resend"));
  const result = await startSmsSignIn({ requestId: rid, phone: field("phone"), ip, locale: await requestLocale() });
  const jar = await cookies();
  if (!result.ok) {
    // "Send a new code" failed: the user stays on the code page (the code already sent still works).
    if (resend && result.error !== "expired") redirect(`/login/code?rid=${encodeURIComponent(rid)}&error=${result.error}`);
    // The phone page shows what was typed again, next to the error (never in the URL).
    if (result.error === "invalid_phone") jar.set(loginPhoneDraftCookie(field("phone")));
    redirect(`/login?rid=${encodeURIComponent(rid)}&error=${result.error}`);
  }
  jar.set(loginPhoneCookie(result.phone));
  jar.delete(LOGIN_PHONE_DRAFT_REMOVAL);
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
 * Where a browser that has just signed in goes: the request's next step (consent, a verification
 * form, or — consent remembered — back to the partner with a code), in this same answer; no
 * /login/continue bounce. A request that ended meanwhile: /login/continue shows that page.
 */
async function nextPageAfterSignIn(rid: string, request: AuthorizationRequest | null, session: Session): Promise<string> {
  return (request && (await nextLocation(request, toSessionUser(session)))) ?? `/login/continue?rid=${encodeURIComponent(rid)}`;
}

/**
 * The code form (components/login/SmsCodeForm.tsx), with or without JavaScript: the same form post,
 * the same checks (lib/sign-in/sms-sign-in.ts: the request's phone lock, rate limits, counted
 * tries, the second-factor requirement), the session row, then straight on to the next step. A
 * wrong code comes back to the code page with its error; a user with an authenticator app gets the
 * ticket cookie (lib/sign-in/second-factor-cookie.ts) and the authenticator step.
 */
export const verifyCodeAction = publicAction(async ({ field, ip, headers }) => {
  const rid = field("rid");
  const jar = await cookies();
  const phone = jar.get(LOGIN_PHONE_COOKIE)?.value;
  const back = `/login/code?rid=${encodeURIComponent(rid)}`;
  if (!phone) redirect(`/login?rid=${encodeURIComponent(rid)}`);
  const request = rid ? await loadAuthorizationRequest(rid) : null;
  const result = await smsCodeFormSignIn({ phone, code: field("code"), requestId: rid || null, request, ip, userAgent: headers.get("user-agent") });
  if (result.ok) {
    jar.set(sessionCookieName(), result.sessionToken, sessionCookieOptions());
    redirect(await nextPageAfterSignIn(rid, request, result.session));
  }
  if (result.ticket) {
    await handTicketToBrowser(result.ticket);
    redirect(`${back}&step=second_factor`);
  }
  redirect(`${back}&error=${encodeURIComponent(result.error)}${result.attemptsLeft !== undefined ? `&left=${result.attemptsLeft}` : ""}`);
});

/** The authenticator-app (or recovery code) step after a right SMS code: the ticket comes from this browser's cookie only. */
export const verifySecondFactorAction = publicAction(async ({ field, ip, headers }) => {
  const rid = field("rid");
  const method = field("method") === "recovery_code" ? "recovery_code" : "totp";
  const jar = await cookies();
  const result = await secondFactorFormSignIn({ ticket: await ticketOfBrowser(), method, code: field("code"), ip, userAgent: headers.get("user-agent") });
  if (result.ok) {
    await forgetTicket();
    jar.set(sessionCookieName(), result.sessionToken, sessionCookieOptions());
    redirect(await nextPageAfterSignIn(rid, await loadAuthorizationRequest(rid), result.session));
  }
  // Spent, expired or out of tries: nothing left for this browser to present — back to the text
  // message step, which says so and offers a new code (the second-factor step has no way forward).
  if (result.error === "second_factor_expired") {
    await forgetTicket();
    redirect(`/login/code?rid=${encodeURIComponent(rid)}&error=second_factor_expired`);
  }
  redirect(`/login/code?rid=${encodeURIComponent(rid)}&step=second_factor&method=${method}&error=${result.error}`);
});
