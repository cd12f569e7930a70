"use server";
// Server actions of the account security page. Next.js refuses cross-origin action posts (Origin
// vs Host), which is their CSRF protection; each action re-reads the session on the server.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { confirmAuthenticatorApp, regenerateRecoveryCodes, startAuthenticatorAppEnrolment, turnOffAuthenticatorApp, type CodesResult } from "@/lib/second-factor/user-app";
import { CLIENT_IP_HEADER } from "@/lib/http/request-context";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";

export type CodesFormState = { recoveryCodes?: string[]; error?: string };

const MESSAGES: Record<Exclude<CodesResult, { ok: true }>["reason"], string> = {
  invalid: "That code is not right. Check your authenticator app and try again.",
  replayed: "That code was just used. Wait for the next one.",
  locked: "Too many wrong codes. Try again in 15 minutes.",
  no_app: "Start again: the authenticator app setup changed.",
};

async function signedInUser() {
  const user = await currentSessionUser();
  if (!user || !may(user, "enrol_authenticator_app")) redirect("/account/security");
  return { user, ip: (await headers()).get(CLIENT_IP_HEADER) };
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function startEnrolmentAction(): Promise<void> {
  const { user } = await signedInUser();
  await startAuthenticatorAppEnrolment(user.id);
  redirect("/account/security");
}

export async function confirmEnrolmentAction(_state: CodesFormState, form: FormData): Promise<CodesFormState> {
  const { user, ip } = await signedInUser();
  const result = await confirmAuthenticatorApp(user.id, field(form, "code"), ip);
  return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: MESSAGES[result.reason] };
}

export async function regenerateRecoveryCodesAction(_state: CodesFormState, form: FormData): Promise<CodesFormState> {
  const { user, ip } = await signedInUser();
  const result = await regenerateRecoveryCodes(user.id, field(form, "code"), ip);
  return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: MESSAGES[result.reason] };
}

export async function turnOffAction(form: FormData): Promise<void> {
  const { user, ip } = await signedInUser();
  const result = await turnOffAuthenticatorApp(user.id, field(form, "off-code"), ip);
  redirect(result.ok ? "/account/security?off=1" : `/account/security?off_error=${result.reason}`);
}
