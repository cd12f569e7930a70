"use client";
// The TOTP step: posts the code to the admin next-auth instance (/admin/auth) with its CSRF token,
// as next-auth/react's signIn() would for /api/auth — that helper is bound to the end users' base path.
import { useState } from "react";
import { adminButton, adminInput, adminLabel } from "./ui";
import { adminLoginError } from "./messages";

const BASE = "/admin/auth";

async function signInWithCode(code: string): Promise<string | null> {
  const csrf = (await (await fetch(`${BASE}/csrf`, { cache: "no-store" })).json()) as { csrfToken?: string };
  const response = await fetch(`${BASE}/callback/admin-totp`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ code, csrfToken: csrf.csrfToken ?? "", callbackUrl: "/admin", json: "true" }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const url = new URL(body.url ?? "/admin/login?error=server_error", window.location.origin);
  if (url.searchParams.get("csrf") === "true") return "csrf";
  return url.searchParams.get("error");
}

export function AdminTotpForm({ submitLabel }: { submitLabel: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setBusy(true);
    setError(null);
    const failure = await signInWithCode(code).catch(() => "server_error");
    if (!failure) {
      // A full navigation, so the new session cookie is sent with the first dashboard request.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/admin");
      return;
    }
    setBusy(false);
    if (failure === "expired") {
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/admin/login?error=expired");
      return;
    }
    setError(adminLoginError(failure));
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <div>
        <label htmlFor="code" className={adminLabel}>
          Authenticator code
        </label>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          autoFocus
          aria-describedby={error ? "code-error" : undefined}
          aria-invalid={error ? true : undefined}
          className={`${adminInput} tracking-[0.4em]`}
        />
      </div>
      {error ? (
        <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" className={`${adminButton} w-full`} disabled={busy}>
        {busy ? "Checking…" : submitLabel}
      </button>
    </form>
  );
}
