"use client";
// The one 6-digit code form of the hosted challenge page, for both of its codes:
//  - the SMS sign-in an unenrolled user does before "Add this device" (`signInPhone` set): with
//    JavaScript, next-auth's sms credential (it fetches the CSRF token and posts the code), then back
//    to the page; a code of the wrong length is refused here, before it costs a try;
//  - the fallback code (SMS or authenticator app) that answers the challenge itself: the form posts
//    to `action`, whose answer is a redirect (to the partner, or back with the problem).
// Without JavaScript both post natively to `action`, a server action; the page passes the problem
// it came back with.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useFormStatus } from "react-dom";
import { useT } from "@/components/i18n/I18nProvider";
import { inputClass, primaryButton } from "@/components/login/Button";

function CodeSubmit({ busy, children }: { busy: boolean; children: React.ReactNode }) {
  const t = useT();
  const { pending } = useFormStatus();
  const working = busy || pending;
  return (
    <button type="submit" className={primaryButton} disabled={working} aria-disabled={working || undefined}>
      {working ? t("common.checking") : children}
    </button>
  );
}

export function ChallengeCodeForm({
  actionId,
  token,
  action,
  label,
  submitLabel,
  problem,
  method,
  signInPhone,
}: {
  actionId: string;
  token: string;
  action: (form: FormData) => Promise<void>;
  label: string;
  submitLabel: string;
  /** What the server said about the last code posted without JavaScript. */
  problem?: string | null;
  /** The fallback code's kind (posted with the code). */
  method?: "sms" | "authenticator_app";
  /** The enrolment sign-in: the phone the code was texted to (next-auth's sms credential with JavaScript). */
  signInPhone?: string;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = error ?? problem ?? null;

  async function signInWithCode(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    if (!/^\d{6}$/.test(code)) return setError(t("loginErrors.malformed"));
    setBusy(true);
    setError(null);
    const result = await signIn("sms", { phone: signInPhone, code, rid: "", redirect: false });
    if (result?.ok && !result.error) {
      const url = new URL(window.location.href);
      url.searchParams.delete("sms");
      url.searchParams.delete("error");
      url.searchParams.delete("left");
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
    // noValidate: a short code reaches the server (or the check above), which says why next to the field and spends no try.
    <form action={action} onSubmit={signInPhone ? signInWithCode : undefined} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="actionId" value={actionId} />
      <input type="hidden" name="token" value={token} />
      {method ? <input type="hidden" name="method" value={method} /> : null}
      <div>
        <label htmlFor="code" className="block text-sm font-medium text-slate-800">
          {label}
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
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? "code-error" : undefined}
          className={`${inputClass} tracking-[0.5em]`}
        />
      </div>
      {shown ? (
        <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
          {shown}
        </p>
      ) : null}
      <CodeSubmit busy={busy}>{submitLabel}</CodeSubmit>
    </form>
  );
}
