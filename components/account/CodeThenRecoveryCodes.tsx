"use client";
// Asks for the authenticator code, runs the server action, and shows the recovery codes it
// returns — once: they live only in this page's memory. `children` (e.g. the QR code) shows
// only until then.
import { useT } from "@/components/i18n/I18nProvider";
import { CopyButton } from "@/components/CopyButton";
import Link from "next/link";
import { useActionState } from "react";
import { inputClass, primaryButton } from "@/components/login/Button";

type State = { recoveryCodes?: string[]; error?: string };

export function CodeThenRecoveryCodes({ action, submitLabel, children }: { action: (state: State, form: FormData) => Promise<State>; submitLabel: string; children?: React.ReactNode }) {
  const [state, formAction, pending] = useActionState(action, {});
  const t = useT();
  const words = { copied: t("common.copied"), failed: t("common.copyFailed"), toClipboard: t("common.toClipboard") };
  if (state.recoveryCodes) {
    return (
      <div className="mt-6 space-y-4">
        <h2 className="text-lg font-semibold">{t("security.yourCodes")}</h2>
        <p className="text-slate-700">{t("security.saveCodes")}</p>
        <ul aria-label={t("security.codesLabel")} dir="ltr" className="grid grid-cols-2 gap-2 rounded-lg bg-slate-100 p-4 font-mono text-lg">
          {state.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <CopyButton value={state.recoveryCodes.join("\n")} label={t("security.copyAll")} words={words} />
        <Link href="/account/security" className="inline-block text-brand-700 underline">
          {t("security.saved")}
        </Link>
      </div>
    );
  }
  return (
    <>
      {children}
      <form action={formAction} className="mt-6 space-y-4">
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-800">
            {t("secondFactor.totpLabel")}
          </label>
          <input
            id="code"
            name="code"
            inputMode="numeric"
            dir="ltr"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            aria-describedby={state.error ? "code-error" : undefined}
            aria-invalid={state.error ? true : undefined}
            className={`${inputClass} tracking-[0.5em]`}
          />
        </div>
        {state.error ? (
          <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
            {state.error}
          </p>
        ) : null}
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? t("common.checking") : submitLabel}
        </button>
      </form>
    </>
  );
}
