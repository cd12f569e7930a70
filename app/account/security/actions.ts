"use server";
// Server actions of the account security page. Next.js refuses cross-origin action posts (Origin
// vs Host), which is their CSRF protection; each is a userAction (the session re-read on the server).
import { redirect } from "next/navigation";
import { userAction } from "@/lib/http/action";
import { getT } from "@/lib/i18n/request";
import { confirmAuthenticatorApp, regenerateRecoveryCodes, startAuthenticatorAppEnrolment, turnOffAuthenticatorApp, type CodesResult } from "@/lib/second-factor/user-app";

export type CodesFormState = { recoveryCodes?: string[]; error?: string };

const MESSAGES = {
  invalid: "security.codes.invalid",
  replayed: "security.codes.replayed",
  locked: "security.codes.locked",
  no_app: "security.codes.no_app",
} as const satisfies Record<Exclude<CodesResult, { ok: true }>["reason"], string>;

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
    return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: (await getT())(MESSAGES[result.reason]) };
  },
  ENROL,
);

export const regenerateRecoveryCodesAction = userAction<CodesFormState, CodesFormState>(
  SIGN_IN,
  async ({ field, user, ip }) => {
    const result = await regenerateRecoveryCodes(user.id, field("code"), ip);
    return result.ok ? { recoveryCodes: result.recoveryCodes } : { error: (await getT())(MESSAGES[result.reason]) };
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
