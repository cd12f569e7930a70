// How a session was authenticated, in OpenID Connect terms: `amr` (RFC 8176) and `acr`.
import type { AuthMethod } from "@/lib/db/generated/enums";

/** RFC 8176 Authentication Method Reference values for each way of signing in. */
export const AMR_BY_AUTH_METHOD: Record<AuthMethod, string[]> = {
  sms_otp: ["otp", "sms"],
  // A platform passkey: a hardware-bound key plus user verification on the device.
  passkey: ["hwk", "user"],
  // The partner vouches for its own recent multi-factor login (Astra Trusted Authentication).
  trusted_auth: ["mfa"],
  // Approved with the passkey of another, already trusted device: a second channel.
  trusted_device: ["hwk", "user", "mca"],
};

/** `amr` of a session; an authenticator-app code on top adds "swk" (the app's key) and "mfa". */
export function amrFor(authMethod: AuthMethod, secondFactor: boolean): string[] {
  const base = AMR_BY_AUTH_METHOD[authMethod];
  return secondFactor ? [...new Set([...base, "swk", "mfa"])] : [...base];
}

/** Trustgate's `acr` values (advertised in discovery as acr_values_supported). */
export const ACR_VALUES = ["urn:trustgate:acr:sms", "urn:trustgate:acr:mfa", "urn:trustgate:acr:partner"] as const;

/** `acr`: a phone possession check, several factors, or the partner's own authentication. */
export function acrFor(authMethod: AuthMethod, amr: readonly string[]): (typeof ACR_VALUES)[number] {
  if (authMethod === "trusted_auth" && !amr.includes("swk")) return "urn:trustgate:acr:partner";
  if (authMethod === "sms_otp" && !amr.includes("swk")) return "urn:trustgate:acr:sms";
  return "urn:trustgate:acr:mfa";
}
