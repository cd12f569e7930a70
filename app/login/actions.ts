"use server";
// Server actions of the hosted sign-in pages. Next.js rejects cross-origin action posts (it
// compares Origin with Host), which is their CSRF protection; each action re-checks the request
// and the session on the server.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { LOGIN_PHONE_COOKIE, LOGIN_PHONE_DRAFT_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { recordConsent } from "@/lib/authorize/consent";
import { assessRequest, finishWithCode, finishWithDenial } from "@/lib/authorize/next-step";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { publicUrl } from "@/lib/config/settings";
import { CLIENT_IP_HEADER } from "@/lib/http/request-context";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { scopeSet } from "@/lib/oauth/scopes";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function requestCodeAction(form: FormData): Promise<void> {
  const rid = field(form, "rid");
  const resend = Boolean(field(form, "resend"));
  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const result = await startSmsSignIn({ requestId: rid, phone: field(form, "phone"), ip });
  const jar = await cookies();
  const cookieOptions = { httpOnly: true, sameSite: "lax", secure: publicUrl().startsWith("https://"), path: "/login" } as const;
  if (!result.ok) {
    // "Send a new code" failed: the user stays on the code page (the code already sent still works).
    if (resend && result.error !== "expired") redirect(`/login/code?rid=${encodeURIComponent(rid)}&error=${result.error}`);
    // The phone page shows what was typed again, next to the error (never in the URL).
    if (result.error === "invalid_phone") jar.set(LOGIN_PHONE_DRAFT_COOKIE, field(form, "phone").slice(0, 40), { ...cookieOptions, maxAge: 5 * 60 });
    redirect(`/login?rid=${encodeURIComponent(rid)}&error=${result.error}`);
  }
  jar.set(LOGIN_PHONE_COOKIE, result.phone, { ...cookieOptions, maxAge: 15 * 60 });
  jar.delete({ name: LOGIN_PHONE_DRAFT_COOKIE, path: "/login" });
  // A double tap or a retried slow post finds the cooldown running: the code page with its countdown.
  const notice = result.justSent ? "&sent=recently" : resend ? "&resent=1" : "";
  redirect(`/login/code?rid=${encodeURIComponent(rid)}${notice}`);
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
