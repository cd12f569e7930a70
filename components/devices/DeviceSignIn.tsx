"use client";
// Trusted-device sign-in on the hosted phone page: "Sign in with this device" (and passkey autofill
// on the phone field), or "Approve on my other device" with number matching (and a QR code) while
// this page waits; Cancel withdraws the request.
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { primaryButton, secondaryButton } from "@/components/login/Button";
import { browserSupportsWebAuthnAutofill, cancelSignInRequest, signInWithDevice, signInWithPasskey, type PendingSignIn } from "@/lib/sdk/trustgate";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useT } from "@/components/i18n/I18nProvider";
import { describeDeviceError } from "./messages";
import { WaitingForApproval } from "./WaitingForApproval";

type State = { kind: "idle" } | { kind: "busy" } | { kind: "waiting"; pending: PendingSignIn } | { kind: "ended"; message: string } | { kind: "error"; message: string };

function continueFlow(rid: string) {
  // A full navigation: /login/continue may redirect to the partner.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login/continue?rid=${encodeURIComponent(rid)}`);
}

/** `autofill`: the passkey-autofill challenge the server rendered with the page (null: fetched here). */
export function DeviceSignIn({ rid, autofill = null }: { rid: string; autofill?: PublicKeyCredentialRequestOptionsJSON | null }) {
  const t = useT();
  const [state, setState] = useState<State>({ kind: "idle" });
  const finishing = useRef(false);

  async function finishWithPasskey(response: AuthenticationResponseJSON) {
    if (finishing.current) return;
    finishing.current = true;
    setState({ kind: "busy" });
    const result = await signIn("passkey", { response: JSON.stringify(response), rid, redirect: false });
    if (result?.ok && !result.error) return continueFlow(rid);
    finishing.current = false;
    setState({ kind: "error", message: describeDeviceError(t, { code: result?.error ?? "webauthn_verification_failed" }) });
  }

  useEffect(() => {
    let cancelled = false;
    // Conditional UI: passkeys for this site appear in the phone field's autofill.
    (async () => {
      if (!(await browserSupportsWebAuthnAutofill()) || cancelled) return;
      try {
        const response = await signInWithPasskey(rid, { autofill: true, optionsJSON: autofill });
        if (!cancelled) await finishWithPasskey(response);
      } catch {
        // Aborted by the button, or nothing chosen: the buttons remain.
      }
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rid]);

  async function withPasskey() {
    setState({ kind: "busy" });
    try {
      await finishWithPasskey(await signInWithPasskey(rid));
    } catch (error) {
      setState({ kind: "error", message: describeDeviceError(t, error) });
    }
  }

  async function withOtherDevice() {
    const phone = (document.getElementById("phone") as HTMLInputElement | null)?.value ?? "";
    setState({ kind: "busy" });
    try {
      const answer = await signInWithDevice(phone, { rid, onPending: (pending) => setState({ kind: "waiting", pending }) });
      if (answer.outcome === "approved") {
        const result = await signIn("trusted-device", { id: answer.id, secret: answer.secret, rid, redirect: false });
        if (result?.ok && !result.error) return continueFlow(rid);
        return setState({ kind: "error", message: describeDeviceError(t, { code: result?.error ?? "login_request_not_found" }) });
      }
      setState({
        kind: "ended",
        message: answer.outcome === "rejected" ? t("device.rejected") : answer.outcome === "cancelled" ? t("device.cancelled") : t("device.expired"),
      });
    } catch (error) {
      setState({ kind: "error", message: describeDeviceError(t, error) });
    }
  }

  if (state.kind === "waiting") {
    const pending = state.pending;
    return (
      <WaitingForApproval
        pending={pending}
        onCancel={async () => {
          // The polling loop sees "cancelled" on its next beat and ends the wait.
          await cancelSignInRequest(pending).catch(() => undefined);
        }}
      />
    );
  }

  const busy = state.kind === "busy";
  return (
    <div className="mt-6 space-y-3 border-t border-slate-200 pt-6" data-passkey-options={autofill ? "inline" : undefined}>
      {state.kind === "error" || state.kind === "ended" ? (
        <p role="alert" className="text-sm font-medium text-red-700" data-testid="device-sign-in-message">
          {state.message}
        </p>
      ) : null}
      <button type="button" className={primaryButton} onClick={withPasskey} disabled={busy}>
        {t("device.signInWithThis")}
      </button>
      <button type="button" className={secondaryButton} onClick={withOtherDevice} disabled={busy}>
        {t("device.approveOnOther")}
      </button>
    </div>
  );
}
