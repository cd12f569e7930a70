// Scopes a partner may request, and how the consent screen words them (plain words, from the one
// scope → field map in lib/claims/scope-map.ts).
import { CLAIM_SCOPES } from "@/lib/claims/scope-map";

export const SUPPORTED_SCOPES = ["openid", "profile", "phone", "email", "address", "verification", "offline_access"] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];

export const DEFAULT_SCOPE = "openid";

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  ...CLAIM_SCOPES,
  offline_access: "Stay connected when you are not using it",
};
/** Space-separated scope → sorted unique list, or null when one is unknown. */
export function parseScope(raw: string | null): Scope[] | null {
  const parts = (raw ?? DEFAULT_SCOPE).split(" ").filter(Boolean);
  if (parts.length === 0) return [DEFAULT_SCOPE];
  const known = new Set<string>(SUPPORTED_SCOPES);
  if (parts.some((part) => !known.has(part))) return null;
  return [...new Set(parts as Scope[])].sort();
}
