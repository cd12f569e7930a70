// Browser SDK: `verify` answers a risk action's challenge (Authsignal `device.verify()`) with this
// device's passkey. Runs on a Trustgate page (WebAuthn binds passkeys to Trustgate's RP ID): pass the
// action's hosted `url` (or its id and token); resolves with the final state and where to return.
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

export class TrustgateVerifyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyResult {
  state: "CHALLENGE_SUCCEEDED" | "CHALLENGE_FAILED";
  /** The partner's redirectUrl with `token`, `state` and `idempotencyKey` appended (null if none was given). */
  returnTo: string | null;
  /** Why the challenge failed (e.g. `webauthn_verification_failed`). */
  errorCode?: string;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await response.json().catch(() => ({}))) as T & { error?: string; error_description?: string };
  if (!response.ok) throw new TrustgateVerifyError(data.error ?? "server_error", data.error_description ?? `Request failed (${response.status})`);
  return data;
}

function challengeOf(target: string | { actionId: string; token: string }): { actionId: string; token: string } {
  if (typeof target !== "string") return target;
  const url = new URL(target, window.location.href);
  const match = /^\/challenge\/([0-9a-f-]{36})$/.exec(url.pathname);
  const token = url.searchParams.get("token");
  if (!match || !token) throw new TrustgateVerifyError("invalid_challenge_url", "Not a Trustgate challenge URL");
  return { actionId: match[1]!, token };
}

export async function verify(target: string | { actionId: string; token: string }): Promise<VerifyResult> {
  const { actionId, token } = challengeOf(target);
  const base = `/api/actions/${encodeURIComponent(actionId)}`;
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>(`${base}/options`, { token });
  const response = await startAuthentication({ optionsJSON });
  const result = await post<{ state: VerifyResult["state"]; return_to: string | null; error_code?: string }>(`${base}/verify`, { token, response });
  return { state: result.state, returnTo: result.return_to, ...(result.error_code ? { errorCode: result.error_code } : {}) };
}
