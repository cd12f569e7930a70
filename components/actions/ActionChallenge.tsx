"use client";
// "Verify with this device": answers the action's challenge with this device's passkey (SDK
// `verify`), then returns to the partner — on success or on a refused device alike; the partner
// learns the outcome from POST /v1/validate, never from the URL.
import { useState } from "react";
import { primaryButton } from "@/components/login/Button";
import { describeDeviceError } from "@/components/devices/messages";
import { useT } from "@/components/i18n/I18nProvider";
import { verify } from "@/lib/sdk/verify";

export function ActionChallenge({ actionId, token, clientName }: { actionId: string; token: string; clientName: string }) {
  const t = useT();
  const [state, setState] = useState<{ kind: "idle" | "busy" } | { kind: "done"; ok: boolean; text: string; returnTo: string | null } | { kind: "error"; text: string }>({ kind: "idle" });

  async function run() {
    setState({ kind: "busy" });
    try {
      const result = await verify({ actionId, token });
      const ok = result.state === "CHALLENGE_SUCCEEDED";
      setState({ kind: "done", ok, returnTo: result.returnTo, text: ok ? t("challenge.verified", { clientName }) : t("challenge.refused", { reason: describeDeviceError(t, { code: result.errorCode }) }) });
      if (ok && result.returnTo) window.location.assign(result.returnTo);
    } catch (error) {
      setState({ kind: "error", text: describeDeviceError(t, error) });
    }
  }

  if (state.kind === "done") {
    return (
      <div className="space-y-3">
        <p role={state.ok ? "status" : "alert"} data-testid="challenge-result" className={`text-sm font-medium ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.text}
        </p>
        {state.returnTo ? (
          <a href={state.returnTo} className="inline-block text-brand-700 underline">
            {t("common.returnTo", { clientName })}
          </a>
        ) : (
          <p className="text-slate-700">{t("challenge.closePage")}</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      {state.kind === "error" ? (
        <p role="alert" className="text-sm font-medium text-red-700" data-testid="challenge-error">
          {state.text}
        </p>
      ) : null}
      <button type="button" className={primaryButton} onClick={run} disabled={state.kind === "busy"}>
        {t("challenge.verifyWithDevice")}
      </button>
    </div>
  );
}
