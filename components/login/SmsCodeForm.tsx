"use client";
// The SMS code step: one form posted to the code page's server action (verifyCodeAction), with or
// without JavaScript. The action checks the code, starts the session and answers with the next step
// (or the code page again with its error, or the authenticator step). With JavaScript the post is
// Next's action fetch: the button shows the pending state, a code of the wrong length is refused
// here before it costs a try, and the action's error appears next to the field. No next-auth here.
import { useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { inputClass, primaryButton } from "./Button";
import { SubmitButton } from "./SubmitButton";

/**
 * `intro` (heading, notices) and `after` (resend, change number) are the server-rendered parts of
 * the SMS step around the form.
 */
export function SmsCodeForm({
  rid,
  digits,
  intro,
  after,
  action,
  initialError = null,
}: {
  rid: string;
  digits: number;
  intro?: React.ReactNode;
  after?: React.ReactNode;
  /** The server action the form posts to. */
  action: (form: FormData) => Promise<void>;
  /** The error the action sent the page back with (already in words). */
  initialError?: string | null;
}) {
  const t = useT();
  // A refusal found here, before anything is posted; the action's own error comes with the page.
  const [refused, setRefused] = useState<string | null>(null);
  const error = refused ?? initialError;

  function check(event: React.FormEvent<HTMLFormElement>) {
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    // A code of the wrong length could never match: say so here, and spend none of the tries on it.
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
      event.preventDefault();
      setRefused(t("code.enterAll", { digits }));
      return;
    }
    setRefused(null);
  }

  return (
    <>
      {intro}
      <form action={action} onSubmit={check} className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="rid" value={rid} />
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-800">
            {t("common.verificationCode")}
          </label>
          <input
            id="code"
            name="code"
            inputMode="numeric"
            dir="ltr"
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
        <SubmitButton className={primaryButton} pendingLabel={t("common.checking")}>
          {t("common.continue")}
        </SubmitButton>
      </form>
      {after}
    </>
  );
}
