// OpenID Connect Core §3.1.2.1 `prompt` and `max_age`, parsed once at the authorize endpoint.
import type { AuthorizationRequest } from "@/lib/db/generated/client";

export const PROMPT_VALUES = ["none", "login", "consent", "select_account"] as const;
export type PromptValue = (typeof PROMPT_VALUES)[number];

/** `prompt` as stored (space-separated), or the error to send to the redirect_uri. */
export function parsePrompt(raw: string | null): { prompt: string | null } | { error: string } {
  if (raw === null) return { prompt: null };
  const values = raw.split(" ").filter(Boolean);
  if (!values.length) return { prompt: null };
  if (values.some((v) => !(PROMPT_VALUES as readonly string[]).includes(v))) return { error: `prompt: unsupported value (supported: ${PROMPT_VALUES.join(", ")})` };
  // §3.1.2.1: none with any other value is an error.
  if (values.includes("none") && values.length > 1) return { error: "prompt=none cannot be combined with other values" };
  return { prompt: [...new Set(values)].join(" ") };
}

/** `max_age` in seconds (a non-negative integer), or the error. */
export function parseMaxAge(raw: string | null): { maxAge: number | null } | { error: string } {
  if (raw === null) return { maxAge: null };
  if (!/^\d{1,9}$/.test(raw)) return { error: "max_age must be a non-negative integer number of seconds" };
  return { maxAge: Number(raw) };
}

export function hasPrompt(request: Pick<AuthorizationRequest, "prompt">, value: PromptValue): boolean {
  return Boolean(request.prompt?.split(" ").includes(value));
}
