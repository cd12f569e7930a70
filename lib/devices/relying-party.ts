// The WebAuthn relying party is Trustgate's public URL: its host is the RP ID and its origin the
// only origin assertions may come from (W3C WebAuthn L3 §7.1 steps 9 and 13, §7.2 steps 13 and 15).
import { publicUrl } from "@/lib/config/settings";

export const RP_NAME = "Trustgate";

export function rpId(): string {
  return new URL(publicUrl()).hostname;
}

export function expectedOrigin(): string {
  return new URL(publicUrl()).origin;
}
