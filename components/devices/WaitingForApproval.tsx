"use client";
// The waiting screen of "Approve on my other device" (hosted sign-in and the web SDK's window): the
// number to type on the trusted device, a QR code and link to the approval page for this request,
// and Cancel. The page's polling is its heartbeat: close it and the request expires.
import { useT } from "@/components/i18n/I18nProvider";
import { useState } from "react";
import { secondaryButton } from "@/components/login/Button";
import type { PendingSignIn } from "@/lib/sdk/trustgate";

export function WaitingForApproval({ pending, onCancel, onUsePasskey }: { pending: PendingSignIn; onCancel: () => Promise<void>; onUsePasskey?: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  const t = useT();
  return (
    <div className="mt-6 rounded-lg border border-brand-600 bg-sky-50 p-4">
      <div role="status" aria-live="polite">
        <p className="font-semibold text-slate-900">{t("device.checkTitle")}</p>
        <p className="mt-1 text-slate-700">{t.rich("device.checkBody", { b: (chunks) => <strong>{chunks}</strong> })}</p>
      </div>
      <p className="mt-3 text-center text-4xl font-bold tracking-widest" data-testid="login-request-code">
        {pending.code}
      </p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made by the server, nothing to optimise */}
      <img src={pending.qrCode} alt={t("device.qrAlt")} width={176} height={176} className="mx-auto mt-3 h-44 w-44 bg-white" data-testid="login-request-qr" />
      <p className="mt-2 text-center text-sm">
        <a href={pending.approveUrl} className="font-medium text-brand-700 underline" data-testid="login-request-link" target="_blank" rel="noopener noreferrer">
          {t("device.openApproval")}
        </a>
      </p>
      <p className="mt-2 text-sm text-slate-600">{t("device.waiting", { time: pending.expiresAt.toLocaleTimeString(t.locale) })}</p>
      {onUsePasskey ? (
        <button type="button" className={`${secondaryButton} mt-3`} onClick={onUsePasskey}>
          {t("device.usePasskey")}
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
        {t("device.cancel")}
      </button>
    </div>
  );
}
