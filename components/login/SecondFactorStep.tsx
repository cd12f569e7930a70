"use client";
// The authenticator-app step (the app's code, or one of the recovery codes), wherever it comes: after
// a right SMS code (the code page, ticket in an httpOnly cookie) or after an application signed the
// user in (/login/second-factor, trusted auth). One form posted to the page's server action, with or
// without JavaScript; with it, a code of the wrong shape is refused here before it costs a try and
// the button shows the pending state. Switching to a recovery code is a link: it works without script.
import Link from "next/link";
import { useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { Alert } from "./Alert";
import { inputClass, primaryButton } from "./Button";
import { SubmitButton } from "./SubmitButton";

export function SecondFactorStep({
  rid,
  recovery,
  error,
  action,
  switchHref,
  intro,
  after,
}: {
  rid: string;
  recovery: boolean;
  /** The error code the action sent the page back with (second_factor_invalid, …). */
  error?: string;
  action: (form: FormData) => Promise<void>;
  /** This page with the other method (the recovery code, or the app again). */
  switchHref: string;
  /** Shown above the heading (the partner's line on /login/second-factor). */
  intro?: React.ReactNode;
  /** Shown below the form (e.g. "Not you?"). */
  after?: React.ReactNode;
}) {
  const t = useT();
  const [refused, setRefused] = useState<string | null>(null);
  const key = `secondFactor.${error ?? ""}`;
  const message = refused ?? (error ? (t.has(key) ? t(key) : t("common.somethingWrong")) : null);

  function check(event: React.FormEvent<HTMLFormElement>) {
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    // A code of the wrong shape could never match: refused here, before it costs one of the tries.
    const problem = recovery ? (code.replace(/[\s-]/g, "").length !== 10 ? t("secondFactor.enterRecovery") : null) : !/^\d{6}$/.test(code.replace(/\s/g, "")) ? t("secondFactor.enterTotp") : null;
    if (problem) event.preventDefault();
    setRefused(problem);
  }

  return (
    <>
      {intro}
      <h1 className={`${intro ? "mt-1 " : ""}text-2xl font-bold`}>{t("secondFactor.title")}</h1>
      {message ? (
        <div className="mt-4">
          <Alert id="second-factor-error">{message}</Alert>
        </div>
      ) : null}
      <form action={action} onSubmit={check} className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="rid" value={rid} />
        <input type="hidden" name="method" value={recovery ? "recovery_code" : "totp"} />
        <p className="text-slate-700">{recovery ? t("secondFactor.recoveryIntro") : t("secondFactor.totpIntro")}</p>
        <div>
          <label htmlFor="second-factor-code" className="block text-sm font-medium text-slate-800">
            {recovery ? t("secondFactor.recoveryLabel") : t("secondFactor.totpLabel")}
          </label>
          <input
            id="second-factor-code"
            name="code"
            inputMode={recovery ? "text" : "numeric"}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            dir="ltr"
            maxLength={recovery ? 11 : 6}
            required
            autoFocus
            aria-describedby={message ? "second-factor-error" : undefined}
            aria-invalid={message ? true : undefined}
            className={`${inputClass} tracking-widest`}
          />
        </div>
        <SubmitButton className={primaryButton} pendingLabel={t("common.checking")}>
          {t("secondFactor.verify")}
        </SubmitButton>
      </form>
      <p className="mt-4 text-sm">
        <Link className="text-brand-700 underline" href={switchHref} prefetch={false} replace>
          {recovery ? t("secondFactor.useApp") : t("secondFactor.useRecovery")}
        </Link>
      </p>
      {after}
    </>
  );
}
