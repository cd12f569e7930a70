"use client";
// On a trusted device: "Check for sign-in requests", then Approve or Reject each one — every decision
// signed by this device's passkey over a challenge bound to that request.
import { useState } from "react";
import { primaryButton, secondaryButton } from "@/components/login/Button";
import { checkNewSignInRequest, decideSignInRequest, type SignInRequest } from "@/lib/sdk/trustgate";
import { describeDeviceError } from "./messages";

export function SignInRequests() {
  const [requests, setRequests] = useState<SignInRequest[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function check() {
    setBusy(true);
    setMessage(null);
    try {
      setRequests(await checkNewSignInRequest());
    } catch (error) {
      setMessage({ tone: "error", text: describeDeviceError(error) });
    }
    setBusy(false);
  }

  async function decide(request: SignInRequest, decision: "approve" | "reject") {
    setBusy(true);
    setMessage(null);
    try {
      await decideSignInRequest(request.id, decision);
      setRequests((current) => current?.filter((r) => r.id !== request.id) ?? null);
      setMessage({ tone: "ok", text: decision === "approve" ? `Approved. ${request.client_name} is signing you in on the other device.` : "Rejected. The other device will not be signed in." });
    } catch (error) {
      setMessage({ tone: "error", text: describeDeviceError(error) });
    }
    setBusy(false);
  }

  return (
    <div className="space-y-4">
      <button type="button" className={secondaryButton} onClick={check} disabled={busy}>
        Check for sign-in requests
      </button>
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm font-medium ${message.tone === "error" ? "text-red-700" : "text-emerald-800"}`} data-testid="sign-in-requests-message">
          {message.text}
        </p>
      ) : null}
      {requests && requests.length === 0 ? (
        <p role="status" className="text-slate-700">
          No sign-in requests are waiting.
        </p>
      ) : null}
      {requests?.length ? (
        <ul className="space-y-3" aria-label="Sign-in requests">
          {requests.map((request) => (
            <li key={request.id} className="rounded-lg border border-slate-300 p-4" data-testid="sign-in-request">
              <p className="font-semibold text-slate-900" id={`request-${request.id}`}>
                {request.client_name} wants to sign you in
              </p>
              <p className="mt-2 text-center text-4xl font-bold tracking-widest" data-testid="request-code">
                {request.code}
              </p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-700">
                <dt>Device</dt>
                <dd>{request.device}</dd>
                <dt>IP address</dt>
                <dd>{request.ip}</dd>
                <dt>Location</dt>
                <dd>{request.location}</dd>
                <dt>Requested</dt>
                <dd>{new Date(request.created_at).toLocaleTimeString()}</dd>
              </dl>
              <p className="mt-2 text-sm text-slate-600">Approve only if the other screen shows the same number.</p>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                <button type="button" className={secondaryButton} onClick={() => decide(request, "reject")} disabled={busy} aria-describedby={`request-${request.id}`}>
                  Reject
                </button>
                <button type="button" className={primaryButton} onClick={() => decide(request, "approve")} disabled={busy} aria-describedby={`request-${request.id}`}>
                  Approve
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
