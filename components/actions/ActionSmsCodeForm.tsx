"use client";
// The SMS sign-in that must come before an unenrolled user may add a device on a challenge page:
// next-auth's sms credential (it fetches the CSRF token and posts the code), then back to the page.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { inputClass, primaryButton } from "@/components/login/Button";

export function ActionSmsCodeForm({ phone }: { phone: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
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
    setError("That code did not work. Check it and try again, or send a new one.");
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
      <div>
        <label htmlFor="code" className="block text-sm font-medium text-slate-800">
          Verification code
        </label>
        <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus aria-invalid={error ? true : undefined} className={`${inputClass} tracking-[0.5em]`} />
      </div>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? "Checking…" : "Continue"}
      </button>
    </form>
  );
}
