"use client";
// The only script of the sign-in pages: next-auth's credential sign-in (it fetches the CSRF token
// and posts the code), then on to the next step of the hosted flow. Without JavaScript (or before
// it has loaded) the form posts natively to `action`, a server action that does the same.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { SECOND_FACTOR_REQUIRED } from "@/lib/second-factor/second-factor-required";
import { inputClass, primaryButton } from "./Button";
import { useT } from "@/components/i18n/I18nProvider";
import type { Translate } from "@/lib/i18n/format";
import { SecondFactorForm } from "./SecondFactorForm";

function describe(t: Translate, error: string): string {
  const [reason, left] = error.split(":");
  const key = `loginErrors.${reason === "expired" ? "expired_code" : reason}`;
  const base = t.has(key) ? t(key) : t("code.didNotWork");
  return left !== undefined && reason === "invalid" ? t("code.triesLeft", { message: base, left: Number(left) }) : base;
}

/**
 * `intro` (heading, notices) and `after` (resend, change number) are the server-rendered parts of the
 * SMS step; once the code turns out to need the authenticator app they give way to that step.
 */
export function SmsCodeForm({
  rid,
  phone,
  digits,
  intro,
  after,
  action,
  initialError = null,
}: {
  rid: string;
  phone: string;
  digits: number;
  intro?: React.ReactNode;
  after?: React.ReactNode;
  /** The server action a native post (no JavaScript) goes to. */
  action: (form: FormData) => Promise<void>;
  /** The error of a code posted natively, shown next to the field like one found here. */
  initialError?: string | null;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const [secondFactorDue, setSecondFactorDue] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    // A code of the wrong length could never match: say so here, and spend none of the tries on it.
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) return setError(t("code.enterAll", { digits }));
    setBusy(true);
    setError(null);
    const result = await signIn("sms", { phone, code, rid, redirect: false });
    if (result?.ok && !result.error) {
      // A full navigation: /login/continue is a route handler that may redirect to the partner.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login/continue?rid=${encodeURIComponent(rid)}`);
      return;
    }
    setBusy(false);
    // The user has an authenticator app: the code was right, the second factor is still due (its
    // ticket is in an httpOnly cookie this script never sees).
    if (result?.error === SECOND_FACTOR_REQUIRED) return setSecondFactorDue(true);
    setError(describe(t, result?.error ?? "invalid"));
  }

  if (secondFactorDue) return <SecondFactorForm rid={rid} />;

  return (
    <>
      {intro}
      <form action={action} onSubmit={submit} className="mt-6 space-y-4" noValidate>
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
        <button type="submit" className={primaryButton} disabled={busy}>
          {busy ? t("common.checking") : t("common.continue")}
        </button>
      </form>
      {after}
    </>
  );
}
