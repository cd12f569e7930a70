"use server";
// Server actions of the account security page. Next.js refuses cross-origin action posts (Origin
// vs Host), which is their CSRF protection; each is a userAction (the session re-read on the server).
import { redirect } from "next/navigation";
import { userAction } from "@/lib/http/action";
import { confirmAuthenticatorApp, regenerateRecoveryCodes, startAuthenticatorAppEnrolment, turnOffAuthenticatorApp, type CodesResult } from "@/lib/second-factor/user-app";

export type CodesFormState = { recoveryCodes?: string[]; error?: string };

const MESSAGES: Record<Exclude<CodesResult, { ok: true }>["reason"], string> = {
  invalid: "That code is not right. Check your authenticator app and try again.",
  replayed: "That code was just used. Wait for the next one.",
  locked: "Too many wrong codes. Try again in 15 minutes.",
  no_app: "Start again: the authenticator app setup changed.",
};

const SIGN_IN = "/account/security";
/** A trusted-auth session cannot set up or turn off a second factor (lib/sessions/capabilities.ts). */
const ENROL = { may: "enrol_authenticator_app" } as const;

export const startEnrolmentAction = userAction(
  SIGN_IN,
  async ({ user }) => {
    await startAuthenticatorAppEnrolment(user.id);
    redirect("/account/security");
  },
  ENROL,
);

export const confirmEnrolmentAction = userAction<CodesFormState, CodesFormState>(
  SIGN_IN,
  async ({ field, user, ip }) => {
    const result = await confirmAuthenticatorApp(user.id, field("code"), ip);
    return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: MESSAGES[result.reason] };
  },
  ENROL,
);

export const regenerateRecoveryCodesAction = userAction<CodesFormState, CodesFormState>(
  SIGN_IN,
  async ({ field, user, ip }) => {
    const result = await regenerateRecoveryCodes(user.id, field("code"), ip);
    return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: MESSAGES[result.reason] };
  },
  ENROL,
);

export const turnOffAction = userAction(
  SIGN_IN,
  async ({ field, user, ip }) => {
    const result = await turnOffAuthenticatorApp(user.id, field("off-code"), ip);
    redirect(result.ok ? "/account/security?off=1" : `/account/security?off_error=${result.reason}`);
  },
  ENROL,
);
