"use client";
// The SMS code step: a form posted to the code page's server action (verifyCodeAction), which
// checks the code, starts the session and answers with the next step. It works before hydration
// too (a native post); with JavaScript, errors and the authenticator-app step appear in place.
import { useActionState, useState } from "react";
import { inputClass, primaryButton } from "./Button";
import { LOGIN_ERRORS } from "./messages";
import { SecondFactorForm } from "./SecondFactorForm";

function describe(error: string): string {
  const [reason, left] = error.split(":");
  const key = reason === "expired" ? "expired_code" : reason!;
  const base = LOGIN_ERRORS[key] ?? "That code did not work. Try again.";
  return left !== undefined && reason === "invalid" ? `${base} ${left} ${left === "1" ? "try" : "tries"} left.` : base;
}

/** What the action answers when it does not move on: an error code, or the ticket of the authenticator-app step. */
export type CodeStepState = { error: string } | { ticket: string } | null;

/**
 * `intro` (heading, notices) and `after` (resend, change number) are the server-rendered parts of the
 * SMS step; once the code turns out to need the authenticator app they give way to that step.
 */
export function SmsCodeForm({
  action,
  rid,
  phone,
  digits,
  intro,
  after,
}: {
  action: (state: CodeStepState, form: FormData) => Promise<CodeStepState>;
  rid: string;
  phone: string;
  digits: number;
  intro?: React.ReactNode;
  after?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [invalid, setInvalid] = useState<string | null>(null);

  function check(event: React.FormEvent<HTMLFormElement>) {
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    // A code of the wrong length could never match: say so here, and spend none of the tries on it.
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
      event.preventDefault();
      setInvalid(`Enter all ${digits} digits of the code.`);
      return;
    }
    setInvalid(null);
  }

  // The user has an authenticator app: the code was right, the second factor is still due.
  if (state && "ticket" in state) return <SecondFactorForm rid={rid} ticket={state.ticket} />;
  const error = invalid ?? (state && "error" in state && !pending ? describe(state.error) : null);

  return (
    <>
      {intro}
      <form action={formAction} onSubmit={check} className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="rid" value={rid} />
        <input type="hidden" name="phone" value={phone} />
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-800">
            Verification code
          </label>
          <input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern={`[0-9]{${digits}}`}
            maxLength={digits}
            required
            autoFocus
            aria-describedby={error ? "code-error" : undefined}
            aria-invalid={error ? true : undefined}
            className={`${inputClass} tracking-[0.5em]`}
          />
        </div>
        {error ? (
          <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? "Checking…" : "Continue"}
        </button>
      </form>
      {after}
    </>
  );
}
