// GET /login/second-factor?rid= — the user's authenticator app after an application signed them in
// (trusted auth): the application's own login is not this user's second factor at Trustgate.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";
import { signInPageModel } from "@/lib/authorize/page-model";
import { stepUpSecondFactorAction, useAnotherNumberAction } from "../actions";

export const metadata = { title: "Two-step verification" };

type Search = Promise<Record<string, string | undefined>>;

const ERRORS: Record<string, string> = {
  second_factor_invalid: "That code is not right. Try again.",
  second_factor_replayed: "That code was just used. Wait for the next one in your app.",
  second_factor_locked: "Too many wrong codes. Try again in 15 minutes.",
};

export default async function SecondFactorPage({ searchParams }: { searchParams: Search }) {
  const { rid, method, error } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice />;
  const recovery = method === "recovery_code";
  const message = error ? (ERRORS[error] ?? "Something went wrong. Try again.") : null;
  return (
    <PageShell brand={model.brand}>
      <Card>
        <p className="text-sm font-medium text-slate-600">{model.clientName} uses Trustgate to sign you in</p>
        <h1 className="mt-1 text-2xl font-bold">Two-step verification</h1>
        {message ? (
          <div className="mt-4">
            <Alert id="second-factor-error">{message}</Alert>
          </div>
        ) : null}
        <form action={stepUpSecondFactorAction} className="mt-6 space-y-4">
          <input type="hidden" name="rid" value={model.request.id} />
          <input type="hidden" name="method" value={recovery ? "recovery_code" : "totp"} />
          <p className="text-slate-700">{recovery ? "Enter one of the recovery codes you saved. Each works once." : "Open your authenticator app and enter the 6-digit code for Trustgate."}</p>
          <div>
            <label htmlFor="second-factor-code" className="block text-sm font-medium text-slate-800">
              {recovery ? "Recovery code" : "Authenticator code"}
            </label>
            <input
              id="second-factor-code"
              name="code"
              inputMode={recovery ? "text" : "numeric"}
              autoComplete="one-time-code"
              maxLength={recovery ? 11 : 6}
              required
              aria-describedby={message ? "second-factor-error" : undefined}
              className={`${inputClass} tracking-widest`}
            />
          </div>
          <button type="submit" className={primaryButton}>
            Verify
          </button>
        </form>
        <p className="mt-4 text-sm">
          <a className="text-brand-700 underline" href={`/login/second-factor?rid=${encodeURIComponent(model.request.id)}${recovery ? "" : "&method=recovery_code"}`}>
            {recovery ? "Use your authenticator app instead" : "Use a recovery code instead"}
          </a>
        </p>
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
    </PageShell>
  );
}
