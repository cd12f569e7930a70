// Settings an admin edits on a partner client. URLs Trustgate calls (customer API, webhooks,
// authenticator callbacks) must be absolute https URLs (http only for loopback or outside production).
import { z } from "zod";
import { isProduction } from "@/lib/config/settings";
import { redirectUriSchema } from "./schemas";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function outboundUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL`;
  }
  if (url.username || url.password) return `"${value}" must not contain credentials`;
  if (url.hash) return `"${value}" must not contain a fragment`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && (LOOPBACK.has(url.hostname) || !isProduction())) return null;
  return `"${value}" must use https`;
}

const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((value) => value || null)
  .superRefine((value, ctx) => {
    const problem = value ? outboundUrlProblem(value) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((value) => value || null);

export const redirectUrisInput = z.array(redirectUriSchema).min(1, "at least one redirect URI is required").max(20);

// RFC 7230 token characters for a header name.
const headerName = optionalText(100).refine((value) => value === null || /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value), "the header name is not a valid HTTP header name");

export const trustedAuthInput = z.object({
  enabled: z.boolean(),
  customerApiUrl: optionalUrl,
  headerName,
  /** Empty keeps the stored value; the value is write-only (encrypted at rest, never shown). */
  headerValue: optionalText(2000),
  clearHeader: z.boolean().default(false),
});


export const authenticatorConfigInput = z.object({
  issuerName: optionalText(100),
  callbackUrl: optionalUrl,
  defaultMessage: optionalText(500),
});
