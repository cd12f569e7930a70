"use server";
// Server actions of the hosted sign-in pages. Next.js rejects cross-origin action posts (it
// compares Origin with Host), which is their CSRF protection; each action re-checks the request
// and the session on the server.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { LOGIN_PHONE_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, finishWithCode, finishWithDenial, nextStep } from "@/lib/authorize/next-step";
import { stepLocation } from "@/lib/authorize/step-location";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { publicUrl } from "@/lib/config/settings";
import { CLIENT_IP_HEADER } from "@/lib/http/request-context";
import { sessionCookieName } from "@/lib/sessions/cookie";
import { currentSessionUser, sessionToken } from "@/lib/sessions/current-session";
import { signOut } from "@/lib/sign-in/sign-out";
import { stepUpWithSecondFactor } from "@/lib/sign-in/step-up";
import { scopeSet } from "@/lib/oauth/scopes";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function requestCodeAction(form: FormData): Promise<void> {
  const rid = field(form, "rid");
  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const result = await startSmsSignIn({ requestId: rid, phone: field(form, "phone"), ip });
  if (!result.ok) redirect(`/login?rid=${encodeURIComponent(rid)}&error=${result.error}`);
  (await cookies()).set(LOGIN_PHONE_COOKIE, result.phone, {
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl().startsWith("https://"),
    path: "/login",
    maxAge: 15 * 60,
  });
  redirect(`/login/code?rid=${encodeURIComponent(rid)}${field(form, "resend") ? "&resent=1" : ""}`);
}

async function requestAndSession(form: FormData) {
  const rid = field(form, "rid");
  const request = await loadAuthorizationRequest(rid);
  if (!request) redirect(`/login?rid=${encodeURIComponent(rid)}&error=expired`);
  return { rid, request, session: await currentSessionUser() };
}

export async function consentAction(form: FormData): Promise<void> {
  const { rid, request, session } = await requestAndSession(form);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "ready") redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const step =
    field(form, "decision") === "allow"
      ? await recordConsent(assessment.user.id, request.clientId, scopeSet(request.scope)).then(() => finishWithCode(request, session!))
      : await finishWithDenial(request, assessment.user.id, "The user denied the request");
  redirect(step.kind === "redirect" ? step.location : `/login?rid=${encodeURIComponent(rid)}&error=expired`);
}

export async function returnToPartnerAction(form: FormData): Promise<void> {
  const { rid, request, session } = await requestAndSession(form);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "blocked" && assessment.kind !== "intent_problem") redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const step =
    assessment.kind === "blocked"
      ? await finishWithDenial(request, assessment.user.id, `The account is ${assessment.user.status}`)
      : await finishWithDenial(request, session?.id ?? null, "The signed-in user does not match the user intent");
  redirect(step.kind === "redirect" ? step.location : `/login?rid=${encodeURIComponent(rid)}&error=expired`);
}

/** "Not you? Use another number": ends this browser's session, back to the phone step. */
export async function useAnotherNumberAction(form: FormData): Promise<void> {
  const rid = field(form, "rid");
  await signOut(await sessionToken(), { ip: (await headers()).get(CLIENT_IP_HEADER), reason: "switch_user" });
  (await cookies()).delete(sessionCookieName());
  redirect(`/login?rid=${encodeURIComponent(rid)}`);
}

/** The authenticator-app step after a trusted-auth sign-in (lib/sign-in/step-up.ts). */
export async function stepUpSecondFactorAction(form: FormData): Promise<void> {
  const rid = field(form, "rid");
  const method = field(form, "method") === "recovery_code" ? "recovery_code" : "totp";
  const { request, session } = await requestAndSession(form);
  const assessment = await assessRequest(request, session);
  if (assessment.kind !== "second_factor" || !session?.sessionId) redirect(`/login/continue?rid=${encodeURIComponent(rid)}`);
  const outcome = await stepUpWithSecondFactor({ session: { id: session.sessionId, userId: session.id }, method, code: field(form, "code"), ip: (await headers()).get(CLIENT_IP_HEADER) });
  if (!outcome.ok) redirect(`/login/second-factor?rid=${encodeURIComponent(rid)}&method=${method}&error=${outcome.reason}`);
  const step = await nextStep(request, await currentSessionUser());
  redirect(step.kind === "expired" ? `/login?rid=${encodeURIComponent(rid)}&error=expired` : stepLocation(step, rid));
}
