// GET /account/security — the signed-in user's second factor: add an authenticator app (QR code or
// manual key, confirmed with a code), then recovery codes. Server component; the only script is
// the code form that shows recovery codes once.
import { CopyButton } from "@/components/CopyButton";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { CodeThenRecoveryCodes } from "@/components/account/CodeThenRecoveryCodes";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton, secondaryButton } from "@/components/login/Button";
import { authenticatorAppState } from "@/lib/second-factor/user-app";
import { SessionNotAllowed } from "@/components/account/SessionNotAllowed";
import { SignOutForm } from "@/components/account/SignOutForm";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { accountSignOutAction } from "../actions";
import { confirmEnrolmentAction, regenerateRecoveryCodesAction, startEnrolmentAction, turnOffAction } from "./actions";

export const metadata = { title: "Sign-in security" };

type Search = Promise<Record<string, string | undefined>>;

const OFF_ERRORS: Record<string, string> = {
  invalid: "That code is not right. The authenticator app is still on.",
  replayed: "That code was just used. Wait for the next one.",
  locked: "Too many wrong codes. Try again in 15 minutes.",
  no_app: "There is no authenticator app to turn off.",
};

export default async function AccountSecurityPage({ searchParams }: { searchParams: Search }) {
  const { off, off_error: offError } = await searchParams;
  const user = await currentSessionUser();
  if (!user) {
    return (
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">Sign-in security</h1>
          <p className="mt-2 text-slate-700">Sign in through an application that uses Trustgate, then come back to this page.</p>
        </Card>
      </PageShell>
    );
  }
  if (!may(user, "enrol_authenticator_app")) {
    return (
      <PageShell>
        <Card>
          <SessionNotAllowed title="Sign-in security" />
          <SignOutForm action={accountSignOutAction} />
        </Card>
      </PageShell>
    );
  }
  const state = await authenticatorAppState(user.id, user.phone);
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Sign-in security</h1>
        {off && state.kind === "none" ? (
          <div className="mt-4">
            <Alert tone="info">Your authenticator app is off. The text message code alone signs you in.</Alert>
          </div>
        ) : null}
        {state.kind === "none" ? (
          <>
            <p className="mt-2 text-slate-700">Add an authenticator app (for example Google Authenticator, 1Password or Authy). After your text message code, Trustgate will also ask for the code it shows.</p>
            <form action={startEnrolmentAction} className="mt-6">
              <button type="submit" className={primaryButton}>
                Add an authenticator app
              </button>
            </form>
          </>
        ) : null}
        {state.kind === "enrolling" ? (
          <CodeThenRecoveryCodes action={confirmEnrolmentAction} submitLabel="Turn on">
            <h2 className="mt-4 text-lg font-semibold">Add an authenticator app</h2>
            <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-700">
              <li>Scan this QR code with your authenticator app, or type the key below.</li>
              <li>Enter the 6-digit code the app shows.</li>
            </ol>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated per user; nothing to optimise */}
            <img src={state.dataUrl} alt="QR code for your authenticator app" width={240} height={240} className="mx-auto mt-4" data-testid="totp-qr" />
            <p className="mt-2 text-sm text-slate-700">
              Key:{" "}
              <code data-testid="totp-manual-key" className="break-all font-mono">
                {state.manualKey}
              </code>{" "}
              <CopyButton value={state.manualKey.replace(/\s/g, "")} label="Copy key" />
            </p>
          </CodeThenRecoveryCodes>
        ) : null}
        {state.kind === "on" ? (
          <>
            <p className="mt-2 text-slate-700" data-testid="totp-status">
              Authenticator app: <strong>on</strong> since {state.since.toISOString().slice(0, 10)}. Recovery codes left: {state.recoveryCodesLeft}.
            </p>
            <h2 className="mt-6 text-lg font-semibold">New recovery codes</h2>
            <p className="mt-1 text-slate-700">Your current recovery codes stop working when you make new ones.</p>
            <CodeThenRecoveryCodes action={regenerateRecoveryCodesAction} submitLabel="Make new recovery codes" />
            <h2 className="mt-8 text-lg font-semibold">Turn off the authenticator app</h2>
            {offError ? (
              <div className="mt-2">
                <Alert id="off-error">{OFF_ERRORS[offError] ?? "Something went wrong. Try again."}</Alert>
              </div>
            ) : null}
            <form action={turnOffAction} className="mt-2 space-y-4">
              <div>
                <label htmlFor="off-code" className="block text-sm font-medium text-slate-800">
                  Current code from the app
                </label>
                <input id="off-code" name="off-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required className={inputClass} />
              </div>
              <button type="submit" className={secondaryButton}>
                Turn off
              </button>
            </form>
          </>
        ) : null}
        <SignOutForm action={accountSignOutAction} />
      </Card>
    </PageShell>
  );
}
