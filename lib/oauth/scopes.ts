// Scope strings (RFC 6749 §3.3): space-delimited, order-insensitive sets.
import { InvalidScope } from "@/lib/errors/oauth";

export function scopeSet(scope: string | null | undefined): string[] {
  return [...new Set((scope ?? "").split(" ").filter(Boolean))];
}

export function hasScope(scope: string, wanted: string): boolean {
  return scopeSet(scope).includes(wanted);
}

/**
 * The scope of a refreshed access token: the granted scope, or a subset of it (RFC 6749 §6 —
 * narrowing only; asking for anything not granted is invalid_scope).
 */
export function narrowScope(granted: string, requested: string | undefined): string {
  if (requested === undefined) return granted;
  const allowed = new Set(scopeSet(granted));
  const wanted = scopeSet(requested);
  const extra = wanted.filter((scope) => !allowed.has(scope));
  // The description names no scope: the client's input is never repeated (RFC 6749 §5.2).
  if (extra.length) throw new InvalidScope("The requested scope exceeds the one granted");
  if (!wanted.length) throw new InvalidScope("scope must not be empty");
  return wanted.join(" ");
}
