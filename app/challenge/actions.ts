"use server";
// Server actions of the hosted challenge page (Next.js refuses cross-origin action posts: CSRF).
// Every one works as a plain form post, without JavaScript.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/http/action";
import { requestLocale } from "@/lib/i18n/request";
import { enrolmentPhone, sendEnrolmentCode } from "@/lib/risk-actions/challenge";
import { completeChallengeWithCode, sendFallbackCode } from "@/lib/risk-actions/challenge-fallback";
import { sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { smsCodeFormSignIn } from "@/lib/sign-in/form-sign-in";

function pageOf(actionId: string, token: string): string {
  return `/challenge/${encodeURIComponent(actionId)}?token=${encodeURIComponent(token)}`;
}

export const sendEnrolmentCodeAction = publicAction(async ({ field, ip }) => {
  const actionId = field("actionId");
  const token = field("token");
  const result = await sendEnrolmentCode({ actionId, token, ip, locale: await requestLocale() });
  const back = pageOf(actionId, token);
  if (result.ok) redirect(`${back}&sms=sent${field("resend") ? "&resent=1" : ""}`);
  // A double tap finds the cooldown running: the code step, where the code already sent works.
  if (result.error === "sms_resend_too_soon") redirect(`${back}&sms=sent&error=${result.error}`);
  // "Send a new code" that failed keeps the user on the code step.
  redirect(`${back}${field("resend") && result.error !== "unavailable" ? "&sms=sent" : ""}&error=${result.error}`);
});

/** The enrolment sign-in's code posted natively (with JavaScript, ChallengeCodeForm uses next-auth). */
export const enrolmentSignInAction = publicAction(async ({ field, ip, headers }) => {
  const actionId = field("actionId");
  const token = field("token");
  const back = pageOf(actionId, token);
  const phone = await enrolmentPhone(actionId, token);
  if (!phone) redirect(`${back}&error=unavailable`);
  const result = await smsCodeFormSignIn({ phone, code: field("code"), requestId: null, ip, userAgent: headers.get("user-agent") });
  if (result.ok) {
    (await cookies()).set(sessionCookieName(), result.sessionToken, sessionCookieOptions());
    redirect(back);
  }
  const error = result.error === "second_factor" ? "second_factor_required" : result.error;
  redirect(`${back}&sms=sent&error=${encodeURIComponent(error)}${result.attemptsLeft !== undefined ? `&left=${result.attemptsLeft}` : ""}`);
});

/** No trusted device at hand: text a code to the user's own phone (the rule must allow it). */
export const sendFallbackCodeAction = publicAction(async ({ field, ip }) => {
  const actionId = field("actionId");
  const token = field("token");
  const back = `${pageOf(actionId, token)}&via=sms`;
  const result = await sendFallbackCode({ actionId, token, ip });
  if (result.ok) redirect(`${back}&sent=${field("resend") ? "again" : "1"}`);
  redirect(`${back}&error=${result.error}`);
});

/** The fallback code (SMS or authenticator app): right → back to the partner, wrong → the page with why. */
export const fallbackCodeAction = publicAction(async ({ field, ip, requestId }) => {
  const actionId = field("actionId");
  const token = field("token");
  const method = field("method") === "authenticator_app" ? "authenticator_app" : "sms";
  const result = await completeChallengeWithCode({ actionId, token, method, code: field("code"), ip, requestId });
  if (result.ok) redirect(result.returnTo ?? pageOf(actionId, token));
  redirect(`${pageOf(actionId, token)}&via=${method === "sms" ? "sms" : "app"}&error=${result.error}${result.attemptsLeft !== undefined ? `&left=${result.attemptsLeft}` : ""}`);
});
