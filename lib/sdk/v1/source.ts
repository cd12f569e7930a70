// The web SDK v1 as served at /sdk/v1/trustgate.js (and its types at /sdk/v1/trustgate.d.ts): a
// small hand-written ES module a partner's page loads from Trustgate's origin. Its bytes are
// published as an SRI hash (README "Web SDK"; tests/unit/sdk-integrity.test.ts pins it): v1 never
// changes once released — a change ships under a new version path. The module never touches a
// passkey itself: it opens Trustgate's window (/sdk/v1/window), which runs the ceremony on
// Trustgate's origin and answers by postMessage, checked both ways by exact origin and window.
// (No backticks or dollar-brace in the code below: it lives in a template literal.)
export const SDK_V1_JS = String.raw`// Trustgate web SDK v1. Load it from your Trustgate origin: see the README, "Web SDK".
const WINDOW_FEATURES = "popup,width=480,height=760";

export class TrustgateError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "TrustgateError";
    this.code = code;
  }
}

function nonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Trustgate {
  constructor(options) {
    if (!options || typeof options.clientId !== "string" || !options.clientId) throw new TypeError("Trustgate: options.clientId is required");
    this.clientId = options.clientId;
    // Where Trustgate lives: by default the origin this module was loaded from.
    this.trustgateOrigin = new URL(options.url || import.meta.url).origin;
  }

  /** Signs the user in with a trusted device: this browser's passkey, or approval on another device. */
  signInWithDevice(identifier) {
    return this.run("signInWithDevice", { identifier: String(identifier) });
  }

  /** On a trusted device: shows the newest pending sign-in request to approve (typed number) or reject. */
  checkNewSignInRequest() {
    return this.run("checkNewSignInRequest", {});
  }

  /** Registers this device's passkey with an addAuthenticator registration token. */
  addCredential(token) {
    return this.run("addCredential", { token: String(token) });
  }

  /** Answers a risk action's challenge (the action's token) with this device's passkey. */
  verify(token) {
    return this.run("verify", { token: String(token) });
  }

  run(op, args) {
    return new Promise((resolve, reject) => {
      const id = nonce();
      const target = new URL("/sdk/v1/window", this.trustgateOrigin);
      target.search = new URLSearchParams({ client_id: this.clientId, origin: window.location.origin }).toString();
      const popup = window.open(target.toString(), "trustgate-" + id, WINDOW_FEATURES);
      if (!popup) return reject(new TrustgateError("window_blocked", "The browser blocked Trustgate's window: call this from a click"));
      let finished = false;
      const finish = (settle, value) => {
        if (finished) return;
        finished = true;
        window.removeEventListener("message", onMessage);
        clearInterval(watch);
        try {
          popup.close();
        } catch {
          // already closed
        }
        settle(value);
      };
      const onMessage = (event) => {
        // Only Trustgate's origin, and only the window this call opened.
        if (event.origin !== this.trustgateOrigin || event.source !== popup) return;
        const data = event.data;
        if (!data || typeof data !== "object") return;
        if (data.trustgate === "ready") popup.postMessage({ trustgate: "request", version: 1, id: id, op: op, args: args }, this.trustgateOrigin);
        else if (data.trustgate === "result" && data.id === id) {
          if (data.ok) finish(resolve, data.result);
          else finish(reject, new TrustgateError(String((data.error && data.error.code) || "failed"), String((data.error && data.error.message) || "Trustgate could not finish")));
        }
      };
      window.addEventListener("message", onMessage);
      const watch = setInterval(() => {
        if (popup.closed) finish(reject, new TrustgateError("window_closed", "Trustgate's window was closed before it finished"));
      }, 500);
    });
  }
}
`;

export const SDK_V1_DTS = String.raw`// Types of the Trustgate web SDK v1 (/sdk/v1/trustgate.js).
export interface TrustgateOptions {
  /** Your client_id. The page's origin must be the origin of one of the client's redirect URIs. */
  clientId: string;
  /** Trustgate's URL; defaults to the origin the module was loaded from. */
  url?: string;
}

/** Give both to your backend: it redeems them with POST /v1/login_requests/{id}/poll and your client secret. */
export interface DeviceSignInResult {
  login_request_id: string;
  secret: string;
  status: "approved";
}

export interface SignInRequestCheck {
  status: "approved" | "rejected" | "none";
}

export interface AddedCredential {
  id: string;
  name: string;
}

/** Your backend checks the token with POST /v1/validate (single use). */
export interface VerifyResult {
  state: "CHALLENGE_SUCCEEDED" | "CHALLENGE_FAILED";
  token: string;
}

export declare class TrustgateError extends Error {
  /** window_blocked, window_closed, login_request_rejected, login_request_expired, login_request_cancelled, or a Trustgate error code. */
  readonly code: string;
}

export declare class Trustgate {
  constructor(options: TrustgateOptions);
  readonly clientId: string;
  readonly trustgateOrigin: string;
  signInWithDevice(identifier: string): Promise<DeviceSignInResult>;
  checkNewSignInRequest(): Promise<SignInRequestCheck>;
  addCredential(token: string): Promise<AddedCredential>;
  verify(token: string): Promise<VerifyResult>;
}
`;
