"use client";
// On a trusted device: "Check for sign-in requests", then one request at a time — the newest (or the
// one whose QR code was scanned) — Approve after typing the number the waiting device shows, or
// Reject. Every decision is signed by this device's passkey over a challenge bound to that request.
import { useState } from "react";
import { inputClass, primaryButton, secondaryButton } from "@/components/login/Button";
import { checkNewSignInRequest, decideSignInRequest, type SdkScope, type SignInRequest } from "@/lib/sdk/trustgate";
import { useT } from "@/components/i18n/I18nProvider";
import { describeDeviceError } from "./messages";

export type SignInRequestOutcome = "approved" | "rejected" | "none";

/** `scope`: in the web SDK's window, only that partner's requests (the window reports outcomes to it). */
export function SignInRequests({ focus, onDecided, scope }: { focus?: string; onDecided?: (outcome: SignInRequestOutcome) => void; scope?: SdkScope }) {
  const t = useT();
  const [requests, setRequests] = useState<SignInRequest[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function check() {
    setBusy(true);
    setMessage(null);
    try {
      const found = await checkNewSignInRequest(scope);
      setRequests(found);
      if (!found.length) onDecided?.("none");
    } catch (error) {
      setMessage({ tone: "error", text: describeDeviceError(t, error) });
    }
    setBusy(false);
  }

  function drop(id: string) {
    setTyped("");
    setRequests((current) => current?.filter((r) => r.id !== id) ?? null);
  }

  async function decide(request: SignInRequest, decision: "approve" | "reject") {
    setBusy(true);
    setMessage(null);
    try {
      await decideSignInRequest(request.id, decision, decision === "approve" ? typed.trim() : undefined, scope);
      drop(request.id);
      setMessage({ tone: "ok", text: decision === "approve" ? t("device.approved", { clientName: request.client_name }) : t("device.rejectedHere") });
      onDecided?.(decision === "approve" ? "approved" : "rejected");
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "login_request_code_mismatch") setMessage({ tone: "error", text: t.locale === "en" ? (error as Error).message : t("deviceErrors.login_request_code_mismatch") });
      else if (code === "login_request_code_attempts_exhausted") {
        drop(request.id);
        setMessage({ tone: "error", text: t("device.tooManyWrong") });
      } else setMessage({ tone: "error", text: describeDeviceError(t, error) });
    }
    setBusy(false);
  }

  // Only one request at a time: the scanned one if it is still waiting, else the newest.
  const current = requests?.find((r) => r.id === focus) ?? requests?.[0];
  const others = requests && current ? requests.length - 1 : 0;

  return (
    <div className="space-y-4">
      <button type="button" className={secondaryButton} onClick={check} disabled={busy}>
        {t("device.checkRequests")}
      </button>
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm font-medium ${message.tone === "error" ? "text-red-700" : "text-emerald-800"}`} data-testid="sign-in-requests-message">
          {message.text}
        </p>
      ) : null}
      {requests && requests.length === 0 ? (
        <p role="status" className="text-slate-700">
          {t("device.noRequests")}
        </p>
      ) : null}
      {current ? (
        <section className="rounded-lg border border-slate-300 p-4" data-testid="sign-in-request" aria-labelledby={`request-${current.id}`}>
          <h2 className="font-semibold text-slate-900" id={`request-${current.id}`}>
            {t("device.wantsToSignIn", { clientName: current.client_name })}
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-700">
            <dt>{t("device.device")}</dt>
            <dd>{current.device}</dd>
            <dt>{t("device.ip")}</dt>
            <dd>{current.ip}</dd>
            <dt>{t("device.location")}</dt>
            <dd>{current.location}</dd>
            <dt>{t("device.requested")}</dt>
            <dd>{new Date(current.created_at).toLocaleTimeString(t.locale)}</dd>
          </dl>
          <form
            className="mt-3"
            onSubmit={(event) => {
              event.preventDefault();
              void decide(current, "approve");
            }}
          >
            <label htmlFor="typed-code" className="block text-sm font-medium text-slate-900">
              {t("device.typedLabel")}
            </label>
            <p id="typed-code-hint" className="text-sm text-slate-600">
              {t("device.typedHint")}
            </p>
            <input
              id="typed-code"
              name="code"
              className={inputClass}
              inputMode="numeric"
              autoComplete="off"
              pattern="[0-9]{2}"
              maxLength={2}
              required
              value={typed}
              onChange={(event) => setTyped(event.target.value.replace(/\D/g, ""))}
              aria-describedby="typed-code-hint"
            />
            <div className="mt-3 grid gap-3 sm:grid-cols-2">
              <button type="button" className={secondaryButton} onClick={() => decide(current, "reject")} disabled={busy} aria-describedby={`request-${current.id}`}>
                {t("device.reject")}
              </button>
              <button type="submit" className={primaryButton} disabled={busy} aria-describedby={`request-${current.id}`}>
                {t("device.approve")}
              </button>
            </div>
          </form>
          {others > 0 ? (
            <p className="mt-3 text-sm text-slate-600" data-testid="older-requests">
              {others} older {others === 1 ? "request is" : "requests are"} waiting. Decide this one first.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
