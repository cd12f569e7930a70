"use client";
// The SMS sign-in that must come before an unenrolled user may add a device on a challenge page:
// next-auth's sms credential (it fetches the CSRF token and posts the code), then back to the page.
// Without JavaScript the form posts natively to `action`, a server action that signs in the same way.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { inputClass, primaryButton } from "@/components/login/Button";

export function ActionSmsCodeForm({ phone, actionId, token, action }: { phone: string; actionId: string; token: string; action: (form: FormData) => Promise<void> }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    // A code of the wrong length is refused here, before it costs one of the tries.
    if (!/^\d{6}$/.test(code)) return setError(t("loginErrors.malformed"));
    setBusy(true);
    setError(null);
    const result = await signIn("sms", { phone, code, rid: "", redirect: false });
    if (result?.ok && !result.error) {
      const url = new URL(window.location.href);
      url.searchParams.delete("sms");
      window.location.assign(url.toString());
      return;
    }
    setBusy(false);
    const [reason, left] = (result?.error ?? "invalid").split(":");
    setError(
      reason === "attempts_exhausted" || reason === "expired"
        ? t("challenge.codeGone")
        : reason === "rate_limited"
          ? t("loginErrors.rate_limited")
          : left
            ? t("challenge.codeWrongLeft", { left: Number(left) })
            : t("challenge.codeWrong"),
    );
  }

  return (
    <form action={action} onSubmit={submit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="actionId" value={actionId} />
      <input type="hidden" name="token" value={token} />
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
          pattern="[0-9]{6}"
          maxLength={6}
          required
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "code-error" : undefined}
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
  );
}
