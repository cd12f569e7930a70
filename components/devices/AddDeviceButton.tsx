"use client";
// "Add this device": tracks addAuthenticator for the signed-in user, then registers this browser's
// platform passkey with that token.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/components/login/Button";
import { addCredential, mintAddAuthenticatorToken } from "@/lib/sdk/trustgate";
import { useT } from "@/components/i18n/I18nProvider";
import { describeDeviceError } from "./messages";

export function AddDeviceButton({ onAddedHref }: { onAddedHref?: string }) {
  const router = useRouter();
  const t = useT();
  const [state, setState] = useState<{ kind: "idle" | "busy" } | { kind: "done"; name: string } | { kind: "error"; message: string }>({ kind: "idle" });

  async function add() {
    setState({ kind: "busy" });
    try {
      const device = await addCredential(await mintAddAuthenticatorToken());
      setState({ kind: "done", name: device.name });
      router.refresh();
    } catch (error) {
      setState({ kind: "error", message: describeDeviceError(t, error) });
    }
  }

  if (state.kind === "done") {
    return (
      <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="device-added">
        {t("device.added", { name: state.name })}
        {onAddedHref ? (
          <a href={onAddedHref} className="ms-1 underline">
            {t("common.continue")}
          </a>
        ) : null}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {state.kind === "error" ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {state.message}
        </p>
      ) : null}
      <button type="button" className={primaryButton} onClick={add} disabled={state.kind === "busy"}>
        {t("device.add")}
      </button>
    </div>
  );
}
