// Trustgate's tiny browser SDK for trusted devices, bundled into the hosted pages (and importable by
// any page served from the Trustgate origin — WebAuthn binds passkeys to that origin's RP ID).
//   addCredential(token)            register this device with an addAuthenticator token
//   signInWithPasskey(rid)          assertion for "Sign in with this device" / passkey autofill
//   signInWithDevice(identifier)    ask the user's trusted device and wait for its answer
//   checkNewSignInRequest()         on a trusted device: the pending requests to approve or reject
//   decideSignInRequest(id, d)      Approve/Reject, signed with this device's passkey
//   verify(url)                     answer a risk action's challenge with this device (lib/sdk/verify.ts)
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";

export class TrustgateError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await response.json().catch(() => ({}))) as T & { error?: string; error_description?: string };
  if (!response.ok) throw new TrustgateError(data.error ?? "server_error", data.error_description ?? `Request failed (${response.status})`);
  return data;
}

/** Tracks addAuthenticator for the signed-in user of this browser (a 5-minute, single-use token). */
export async function mintAddAuthenticatorToken(): Promise<string> {
  return (await post<{ token: string }>("/api/devices/registration/token")).token;
}

/**
 * A hint, on Trustgate's origin, that this browser registered a passkey: the web SDK's window then
 * tries it at once (signInWithDevice "detects automatically") instead of opening the browser's
 * passkey dialog on every browser that has none. Only a hint — the server decides.
 */
export const PASSKEY_HINT_KEY = "trustgate.passkey";

export function hasPasskeyHint(): boolean {
  try {
    return window.localStorage.getItem(PASSKEY_HINT_KEY) === "1";
  } catch {
    return false;
  }
}

/** Registers this device's platform passkey. `token` comes from tracking addAuthenticator. */
export async function addCredential(token: string, options: { name?: string } = {}): Promise<{ id: string; name: string }> {
  const optionsJSON = await post<PublicKeyCredentialCreationOptionsJSON>("/api/devices/registration/options", { token });
  const response = await startRegistration({ optionsJSON });
  const added = await post<{ id: string; name: string }>("/api/devices/registration/verify", { token, response, ...(options.name ? { name: options.name } : {}) });
  try {
    window.localStorage.setItem(PASSKEY_HINT_KEY, "1");
  } catch {
    // Storage refused (private mode): the window simply asks before trying the passkey.
  }
  return added;
}

export { browserSupportsWebAuthnAutofill };

/** A passkey assertion for the hosted sign-in `rid`; with `autofill`, it waits for the autofill UI; `optionsJSON`: a challenge the page already holds. */
export async function signInWithPasskey(rid: string, options: { autofill?: boolean; optionsJSON?: PublicKeyCredentialRequestOptionsJSON | null } = {}): Promise<AuthenticationResponseJSON> {
  // The hosted phone page hands its autofill challenge over with the page (no request for it).
  const optionsJSON = options.optionsJSON ?? (await post<PublicKeyCredentialRequestOptionsJSON>("/api/devices/sign-in/options", { rid }));
  return startAuthentication({ optionsJSON, useBrowserAutofill: Boolean(options.autofill) });
}

export type LoginRequestOutcome = "approved" | "rejected" | "expired" | "cancelled" | "redeemed";

export interface PendingSignIn {
  id: string;
  secret: string;
  code: string;
  expiresAt: Date;
  /** The approval page for this request, and the same link as a QR code (data: URL). */
  approveUrl: string;
  qrCode: string;
}

interface CreatedRequestJSON {
  id: string;
  secret: string;
  code: string;
  expires_at: string;
  approve_url: string;
  qr_code: string;
}

const pendingOf = (created: CreatedRequestJSON): PendingSignIn => ({ id: created.id, secret: created.secret, code: created.code, expiresAt: new Date(created.expires_at), approveUrl: created.approve_url, qrCode: created.qr_code });

/** Polls (and so keeps alive) a pending request until it is decided, expires or `signal` aborts. */
export async function waitForDecision(pending: Pick<PendingSignIn, "id" | "secret">, options: { signal?: AbortSignal; pollMs?: number } = {}): Promise<LoginRequestOutcome> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1500));
    if (options.signal?.aborted) throw new TrustgateError("aborted", "Stopped waiting");
    const { status } = await post<{ status: string }>("/api/devices/login-requests/status", { id: pending.id, secret: pending.secret });
    if (status !== "pending") return status as LoginRequestOutcome;
  }
}

/** Cancel on the waiting page: the trusted device no longer sees the request. */
export async function cancelSignInRequest(pending: Pick<PendingSignIn, "id" | "secret">): Promise<LoginRequestOutcome> {
  return (await post<{ status: LoginRequestOutcome }>("/api/devices/login-requests/cancel", { id: pending.id, secret: pending.secret })).status;
}

/**
 * Cotter's signInWithDevice for a browser without a passkey: creates a pending request, reports its
 * number-matching code, and polls until the trusted device answers (or it expires).
 */
export async function signInWithDevice(identifier: string, options: { rid: string; onPending?: (pending: PendingSignIn) => void; signal?: AbortSignal; pollMs?: number }): Promise<PendingSignIn & { outcome: LoginRequestOutcome }> {
  const pending = pendingOf(await post<CreatedRequestJSON>("/api/devices/login-requests", { rid: options.rid, phone: identifier }));
  options.onPending?.(pending);
  return { ...pending, outcome: await waitForDecision(pending, options) };
}

export interface SignInRequest {
  id: string;
  client_name: string;
  ip: string;
  device: string;
  location: string;
  created_at: string;
  expires_at: string;
}

/** On a trusted device: pending requests of the signed-in user, or — without a session — of whoever this device's passkey belongs to. */
/** The web SDK window's partner: its steps see and decide only that partner's requests. */
export interface SdkScope {
  client_id: string;
  origin: string;
}

export async function checkNewSignInRequest(scope?: SdkScope): Promise<SignInRequest[]> {
  try {
    return (await post<{ requests: SignInRequest[] }>("/api/devices/requests", { ...scope })).requests;
  } catch (error) {
    if (!(error instanceof TrustgateError) || error.code !== "session_required") throw error;
  }
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>("/api/devices/requests/options");
  const response = await startAuthentication({ optionsJSON });
  return (await post<{ requests: SignInRequest[] }>("/api/devices/requests", { response, ...scope })).requests;
}

/** Approve (with the number typed from the waiting screen) or Reject, signed by this device's passkey over a challenge bound to that request. */
export async function decideSignInRequest(id: string, decision: "approve" | "reject", code?: string, scope?: SdkScope): Promise<{ status: "approved" | "rejected" }> {
  const typed = decision === "approve" && code !== undefined ? { code } : {};
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>(`/api/devices/requests/${encodeURIComponent(id)}/options`, { decision, ...typed, ...scope });
  const response = await startAuthentication({ optionsJSON });
  return post(`/api/devices/requests/${encodeURIComponent(id)}/decision`, { decision, response, ...typed, ...scope });
}

export { verify, TrustgateVerifyError, type VerifyResult } from "./verify";
