// The authenticator-app step after a code posted without JavaScript (the ticket waits in an
// httpOnly cookie): a plain form, the same words as the scripted step (SecondFactorForm).
import { Alert } from "./Alert";
import { inputClass, primaryButton } from "./Button";

const ERRORS: Record<string, string> = {
  second_factor_malformed: "That is not a whole code. Check it and try again.",
  second_factor_invalid: "That code is not right. Try again.",
  second_factor_replayed: "That code was just used. Wait for the next one in your app.",
  second_factor_locked: "Too many wrong codes. Try again in 15 minutes.",
};

export function SecondFactorStep({ rid, recovery, error, action }: { rid: string; recovery: boolean; error?: string; action: (form: FormData) => Promise<void> }) {
  const message = error ? (ERRORS[error] ?? "Something went wrong. Try again.") : null;
  return (
    <>
      <h1 className="text-2xl font-bold">Two-step verification</h1>
      {message ? (
        <div className="mt-4">
          <Alert id="second-factor-error">{message}</Alert>
        </div>
      ) : null}
      <form action={action} className="mt-6 space-y-4">
        <input type="hidden" name="rid" value={rid} />
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
        <a className="text-brand-700 underline" href={`/login/code?rid=${encodeURIComponent(rid)}&step=second_factor${recovery ? "" : "&method=recovery_code"}`}>
          {recovery ? "Use your authenticator app instead" : "Use a recovery code instead"}
        </a>
      </p>
    </>
  );
}
