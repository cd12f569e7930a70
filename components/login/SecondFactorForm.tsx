"use client";
// Second step of the SMS sign-in for users with an authenticator app: the app's code, or one of
// the recovery codes. The ticket from the SMS step is an httpOnly cookie (never seen here) that
// next-auth's "second-factor" credential redeems; that is what creates the session.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { inputClass, primaryButton } from "./Button";

const ERRORS: Record<string, string> = {
  second_factor_malformed: "That is not a whole code. Check it and try again.",
  second_factor_invalid: "That code is not right. Try again.",
  second_factor_replayed: "That code was just used. Wait for the next one in your app.",
  second_factor_locked: "Too many wrong codes. Try again in 15 minutes.",
  second_factor_expired: "This sign-in step has expired. Ask for a new text message code.",
};

export function SecondFactorForm({ rid }: { rid: string }) {
  const [method, setMethod] = useState<"totp" | "recovery_code">("totp");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = method === "totp" ? "Authenticator code" : "Recovery code";

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("second-factor-code") ?? "").trim();
    // A wrong-length code is refused here, before it costs one of the tries.
    if (method === "totp" && !/^\d{6}$/.test(code.replace(/\s/g, ""))) return setError("Enter the 6 digits your authenticator app shows.");
    if (method === "recovery_code" && code.replace(/[\s-]/g, "").length !== 10) return setError("Enter the whole recovery code, for example ABCDE-12345.");
    setBusy(true);
    setError(null);
    const result = await signIn("second-factor", { method, code, redirect: false });
    if (result?.ok && !result.error) {
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login/continue?rid=${encodeURIComponent(rid)}`);
      return;
    }
    setBusy(false);
    setError(ERRORS[result?.error ?? ""] ?? "Something went wrong. Try again.");
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h1 className="text-2xl font-bold">Two-step verification</h1>
      <p className="text-slate-700">{method === "totp" ? "Open your authenticator app and enter the 6-digit code for Trustgate." : "Enter one of the recovery codes you saved. Each works once."}</p>
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
        {busy ? "Checking…" : "Verify"}
      </button>
      <button
        type="button"
        className="text-sm text-brand-700 underline"
        onClick={() => {
          setMethod(method === "totp" ? "recovery_code" : "totp");
          setError(null);
        }}
      >
        {method === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
      </button>
    </form>
  );
}
