// Settings an admin edits on a partner client. URLs Trustgate calls (customer API, webhooks,
// authenticator callbacks) follow the outbound policy (lib/outbound/url-policy.ts): https, no
// internal address unless the operator opted it in with TRUSTGATE_OUTBOUND_ALLOW.
import { z } from "zod";
import { outboundUrlProblem as policyProblem } from "@/lib/outbound";
import { redirectUriSchema } from "./schemas";

export function outboundUrlProblem(value: string): string | null {
  const problem = policyProblem(value);
  return problem ? `"${value}" ${problem}` : null;
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
