"use client";
// The web SDK's window (/sdk/v1/window), opened as a popup by a partner's page on its own origin.
// It runs one device ceremony here, on Trustgate's origin (the passkeys' RP ID), and reports to its
// opener by postMessage — only to `origin` (the partner's registered origin, checked by the server)
// and only after a request that came from that origin and from the window that opened this one.
import { useEffect, useRef, useState } from "react";
import { primaryButton } from "@/components/login/Button";
import { addCredential, cancelSignInRequest, hasPasskeyHint, TrustgateError, verify, waitForDecision, type PendingSignIn } from "@/lib/sdk/trustgate";
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useT } from "@/components/i18n/I18nProvider";
import { describeDeviceError } from "./messages";
import { SignInRequests } from "./SignInRequests";
import { WaitingForApproval } from "./WaitingForApproval";

type Op = "signInWithDevice" | "checkNewSignInRequest" | "addCredential" | "verify";
const OPS = new Set<Op>(["signInWithDevice", "checkNewSignInRequest", "addCredential", "verify"]);

type State =
  | { kind: "connecting" }
  | { kind: "orphan" }
  | { kind: "busy"; text: string }
  | { kind: "waiting"; pending: PendingSignIn; usePasskey?: () => void }
  | { kind: "check" }
  | { kind: "confirm"; op: "addCredential" | "verify"; token: string }
  | { kind: "done"; ok: boolean; text: string };

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await response.json().catch(() => ({}))) as T & { error?: string; error_description?: string };
  if (!response.ok) throw new TrustgateError(data.error ?? "server_error", data.error_description ?? `Request failed (${response.status})`);
  return data;
}

export function SdkWindow({ clientId, clientName, origin }: { clientId: string; clientName: string; origin: string }) {
  const t = useT();
  const [state, setState] = useState<State>({ kind: "connecting" });
  const request = useRef<{ id: string; opener: Window } | null>(null);
  // One request per window, ever: a second one (even after the first was answered) is ignored.
  const handled = useRef(false);

  function report(ok: boolean, payload: unknown, text: string) {
    const current = request.current;
    if (!current) return;
    request.current = null;
    // Exact target origin: if the opener has navigated elsewhere, the browser drops the message.
    current.opener.postMessage(ok ? { trustgate: "result", id: current.id, ok: true, result: payload } : { trustgate: "result", id: current.id, ok: false, error: payload }, origin);
    setState({ kind: "done", ok, text });
  }

  function fail(error: unknown) {
    const code = (error as { code?: string }).code ?? (error as { name?: string }).name ?? "failed";
    report(false, { code, message: describeDeviceError(t, error) }, describeDeviceError(t, error));
  }

  async function signInWithDevice(identifier: string) {
    setState({ kind: "busy", text: "Looking for a passkey on this device…" });
    const started = await post<{ id: string; secret: string; code: string; expires_at: string; approve_url: string; qr_code: string; options: PublicKeyCredentialRequestOptionsJSON }>("/api/devices/sdk/login-requests", {
      client_id: clientId,
      origin,
      identifier,
    });
    const pending: PendingSignIn = { id: started.id, secret: started.secret, code: started.code, expiresAt: new Date(started.expires_at), approveUrl: started.approve_url, qrCode: started.qr_code };
    // Case 1 (Cotter): this browser holds the user's passkey — it approves its own request.
    const approveHere = async () => {
      const response = await startAuthentication({ optionsJSON: started.options });
      await post("/api/devices/sdk/login-requests/auto", { id: pending.id, secret: pending.secret, response });
    };
    const usePasskey = () => {
      setState({ kind: "busy", text: "Waiting for this device’s fingerprint, face or PIN…" });
      approveHere().catch(() => setState({ kind: "waiting", pending }));
    };
    // Tried at once only where this browser registered a passkey (no browser dialog elsewhere);
    // otherwise, or if it fails (another account's passkey), ask the user's trusted device.
    if (hasPasskeyHint()) await approveHere().catch(() => setState({ kind: "waiting", pending, usePasskey }));
    else setState({ kind: "waiting", pending, usePasskey });
    const outcome = await waitForDecision(pending);
    if (outcome === "approved") return report(true, { login_request_id: pending.id, secret: pending.secret, status: "approved" }, "Signed in. You can close this window.");
    report(false, { code: `login_request_${outcome}`, message: `The sign-in request was ${outcome}` }, outcome === "cancelled" ? "You cancelled the sign-in." : `The sign-in request was ${outcome}.`);
  }

  async function confirm(op: "addCredential" | "verify", token: string) {
    setState({ kind: "busy", text: "Waiting for this device’s fingerprint, face or PIN…" });
    try {
      if (op === "addCredential") {
        const added = await addCredential(token);
        return report(true, { id: added.id, name: added.name }, "This device was added. You can close this window.");
      }
      const { action_id } = await post<{ action_id: string }>("/api/devices/sdk/action", { client_id: clientId, origin, token });
      const result = await verify({ actionId: action_id, token });
      report(true, { state: result.state, token }, result.state === "CHALLENGE_SUCCEEDED" ? "Verified. You can close this window." : "The verification failed.");
    } catch (error) {
      fail(error);
    }
  }

  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener) {
      // Not opened by a partner's page (a bookmark, a reload after the opener left): say so.
      const timer = setTimeout(() => setState({ kind: "orphan" }), 0);
      return () => clearTimeout(timer);
    }
    function onMessage(event: MessageEvent) {
      if (event.origin !== origin || event.source !== opener || handled.current) return;
      const data = event.data as { trustgate?: string; id?: unknown; op?: unknown; args?: Record<string, unknown> } | null;
      if (!data || data.trustgate !== "request" || typeof data.id !== "string" || !OPS.has(data.op as Op)) return;
      handled.current = true;
      request.current = { id: data.id, opener: opener! };
      const op = data.op as Op;
      const arg = (name: string) => (typeof data.args?.[name] === "string" ? (data.args[name] as string) : "");
      if (op === "signInWithDevice") signInWithDevice(arg("identifier")).catch(fail);
      else if (op === "checkNewSignInRequest") setState({ kind: "check" });
      else setState({ kind: "confirm", op, token: arg("token") });
    }
    window.addEventListener("message", onMessage);
    opener.postMessage({ trustgate: "ready", version: 1 }, origin);
    return () => window.removeEventListener("message", onMessage);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [origin]);

  return (
    <div className="mt-4" data-testid="sdk-window">
      <p className="text-slate-700">
        <strong>{clientName}</strong> ({origin}) asked Trustgate to use this device.
      </p>
      {state.kind === "connecting" ? <p className="mt-4 text-slate-700">Connecting to {clientName}…</p> : null}
      {state.kind === "orphan" ? (
        <p role="alert" className="mt-4 font-medium text-red-700">
          Open this window from {clientName}’s site.
        </p>
      ) : null}
      {state.kind === "busy" ? (
        <p role="status" className="mt-4 text-slate-700">
          {state.text}
        </p>
      ) : null}
      {state.kind === "waiting" ? (
        <WaitingForApproval
          pending={state.pending}
          onUsePasskey={state.usePasskey}
          onCancel={async () => {
            await cancelSignInRequest(state.pending).catch(() => undefined);
          }}
        />
      ) : null}
      {state.kind === "check" ? (
        <div className="mt-4">
          <SignInRequests
            scope={{ client_id: clientId, origin }}
            onDecided={(outcome) => report(true, { status: outcome }, outcome === "none" ? "No sign-in requests are waiting. You can close this window." : `Request ${outcome}. You can close this window.`)}
          />
        </div>
      ) : null}
      {state.kind === "confirm" ? (
        <button type="button" className={`${primaryButton} mt-4`} onClick={() => confirm(state.op, state.token)}>
          {state.op === "addCredential" ? "Add this device" : "Verify with this device"}
        </button>
      ) : null}
      {state.kind === "done" ? (
        <p role={state.ok ? "status" : "alert"} className={`mt-4 font-medium ${state.ok ? "text-emerald-800" : "text-red-700"}`} data-testid="sdk-window-result">
          {state.text}
        </p>
      ) : null}
    </div>
  );
}
