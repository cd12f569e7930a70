"use client";
// The waiting screen of "Approve on my other device" (hosted sign-in and the web SDK's window): the
// number to type on the trusted device, a QR code and link to the approval page for this request,
// and Cancel. The page's polling is its heartbeat: close it and the request expires.
import { useState } from "react";
import { secondaryButton } from "@/components/login/Button";
import type { PendingSignIn } from "@/lib/sdk/trustgate";

export function WaitingForApproval({ pending, onCancel, onUsePasskey }: { pending: PendingSignIn; onCancel: () => Promise<void>; onUsePasskey?: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="mt-6 rounded-lg border border-brand-600 bg-sky-50 p-4">
      <div role="status" aria-live="polite">
        <p className="font-semibold text-slate-900">Check your other device</p>
        <p className="mt-1 text-slate-700">
          On your trusted device, open Trustgate and choose <strong>Check for sign-in requests</strong>, or scan this code with it. Then type this number there:
        </p>
      </div>
      <p className="mt-3 text-center text-4xl font-bold tracking-widest" data-testid="login-request-code">
        {pending.code}
      </p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made by the server, nothing to optimise */}
      <img src={pending.qrCode} alt="QR code that opens the approval page for this sign-in on your phone" width={176} height={176} className="mx-auto mt-3 h-44 w-44 bg-white" data-testid="login-request-qr" />
      <p className="mt-2 text-center text-sm">
        <a href={pending.approveUrl} className="font-medium text-brand-700 underline" data-testid="login-request-link" target="_blank" rel="noopener noreferrer">
          Open the approval page
        </a>
      </p>
      <p className="mt-2 text-sm text-slate-600">Waiting for approval. This request expires at {pending.expiresAt.toLocaleTimeString()}, or as soon as you close this page.</p>
      {onUsePasskey ? (
        <button type="button" className={`${secondaryButton} mt-3`} onClick={onUsePasskey}>
          Use a passkey on this device
        </button>
      ) : null}
      <button
        type="button"
        className={`${secondaryButton} mt-3`}
        disabled={cancelling}
        onClick={async () => {
          setCancelling(true);
          await onCancel().finally(() => setCancelling(false));
        }}
      >
        Cancel
      </button>
    </div>
  );
}
