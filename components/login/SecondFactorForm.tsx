"use client";
// Second step of the SMS sign-in for users with an authenticator app: the app's code, or one of
// the recovery codes. The ticket from the SMS step is an httpOnly cookie (never seen here) that
// next-auth's "second-factor" credential redeems; that is what creates the session.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { inputClass, primaryButton } from "./Button";

export function SecondFactorForm({ rid }: { rid: string }) {
  const t = useT();
  const [method, setMethod] = useState<"totp" | "recovery_code">("totp");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = method === "totp" ? t("secondFactor.totpLabel") : t("secondFactor.recoveryLabel");

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("second-factor-code") ?? "").trim();
    // A wrong-length code is refused here, before it costs one of the tries.
    if (method === "totp" && !/^\d{6}$/.test(code.replace(/\s/g, ""))) return setError(t("secondFactor.enterTotp"));
    if (method === "recovery_code" && code.replace(/[\s-]/g, "").length !== 10) return setError(t("secondFactor.enterRecovery"));
    setBusy(true);
    setError(null);
    const result = await signIn("second-factor", { method, code, redirect: false });
    if (result?.ok && !result.error) {
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login/continue?rid=${encodeURIComponent(rid)}`);
      return;
    }
    setBusy(false);
    const key = `secondFactor.${result?.error ?? ""}`;
    setError(t.has(key) ? t(key) : t("common.somethingWrong"));
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h1 className="text-2xl font-bold">{t("secondFactor.title")}</h1>
      <p className="text-slate-700">{method === "totp" ? t("secondFactor.totpIntro") : t("secondFactor.recoveryIntro")}</p>
      <div>
        <label htmlFor="second-factor-code" className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <input
          key={method}
          id="second-factor-code"
          name="second-factor-code"
          inputMode={method === "totp" ? "numeric" : "text"}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          dir="ltr"
          maxLength={method === "totp" ? 6 : 11}
          required
          autoFocus
          aria-describedby={error ? "second-factor-error" : undefined}
          aria-invalid={error ? true : undefined}
          className={`${inputClass} tracking-widest`}
        />
      </div>
      {error ? (
        <p id="second-factor-error" role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? t("common.checking") : t("secondFactor.verify")}
      </button>
      <button
        type="button"
        className="text-sm text-brand-700 underline"
        onClick={() => {
          setMethod(method === "totp" ? "recovery_code" : "totp");
          setError(null);
        }}
      >
        {method === "totp" ? t("secondFactor.useRecovery") : t("secondFactor.useApp")}
      </button>
    </form>
  );
}
