// What a session may do, by how it was made: the ONE place this is decided (the table is in
// docs/security.md, "Sessions"). A trusted-auth session is the partner vouching for its customer:
// it serves that partner's one authorization request and nothing else in the user's account.
import type { AuthMethod } from "@/lib/db/generated/client";

export type Capability =
  /** Finish (code, consent, /verify forms) the authorization request `ctx.requestId` of `ctx.clientId`. */
  | "finish_authorization"
  /** Mint an addAuthenticator registration token / register a passkey. */
  | "enrol_passkey"
  /** Set up, or turn off, an authenticator app and recovery codes (/account/security). */
  | "enrol_authenticator_app"
  /** List, rename and revoke trusted devices (/account/devices). */
  | "manage_devices"
  /** See and approve or reject another device's sign-in request. */
  | "approve_device"
  /** Change the account's phone number. */
  | "change_phone"
  /** Answer a partner's risk challenge (/challenge/…) as the signed-in user. */
  | "pass_risk_challenge";

export interface SessionForCapabilities {
  authMethod: AuthMethod;
  boundClientId?: string | null;
  boundRequestId?: string | null;
}

const ACCOUNT_CAPABILITIES: ReadonlySet<Capability> = new Set(["enrol_passkey", "enrol_authenticator_app", "manage_devices", "approve_device", "change_phone", "pass_risk_challenge"]);

/** The table: which capabilities each sign-in method's session holds outside a bound request. */
export const CAPABILITY_TABLE: Record<AuthMethod, ReadonlySet<Capability>> = {
  sms_otp: new Set(["finish_authorization", ...ACCOUNT_CAPABILITIES]),
  passkey: new Set(["finish_authorization", ...ACCOUNT_CAPABILITIES]),
  trusted_device: new Set(["finish_authorization", ...ACCOUNT_CAPABILITIES]),
  // Only its own request (checked below); nothing in the account.
  trusted_auth: new Set(["finish_authorization"]),
};

export function may(session: SessionForCapabilities | null | undefined, capability: Capability, ctx: { clientId?: string; requestId?: string } = {}): boolean {
  if (!session) return false;
  if (!CAPABILITY_TABLE[session.authMethod]?.has(capability)) return false;
  if (session.authMethod === "trusted_auth" && capability === "finish_authorization") {
    // Bound to the client and the authorization request its token was redeemed for.
    return Boolean(session.boundClientId && session.boundRequestId && session.boundClientId === ctx.clientId && session.boundRequestId === ctx.requestId);
  }
  return true;
}
