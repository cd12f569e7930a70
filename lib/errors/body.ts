// The one error wire format (RFC 6749 §5.2 style) for OAuth and product errors alike; the OpenAPI
// document describes every error answer with it.
import { z } from "zod";

export const errorBodySchema = z
  .object({
    error: z.string().meta({ description: "Machine-readable code: an RFC 6749 / 6750 error or a Trustgate product error code" }),
    error_description: z.string().meta({ description: "Human-readable explanation for the developer" }),
    details: z.unknown().optional().meta({ description: "Only on some errors: for invalid input, one `{path, message}` per invalid field; for rate limits, `{retry_after}` in seconds" }),
  })
  .meta({ id: "Error", description: "Every error answer: `{error, error_description}` (no stack traces, no internals)." });

export type ErrorBody = z.output<typeof errorBodySchema>;

/** RFC 6749 §5.2: error_description characters are %x20-21 / %x23-5B / %x5D-7E. */
export const ERROR_DESCRIPTION_CHARACTERS = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;

const REPLACEMENTS: Record<string, string> = { '"': "'", "\\": "/", "→": "to", "—": "-", "–": "-", "…": "...", "≤": "<=", "≥": ">=", "’": "'", "‘": "'", "“": "'", "”": "'" };

/**
 * The last line of defence on the wire: every error_description leaves within RFC 6749 §5.2's
 * characters. The messages themselves are written that way (tests/unit/error-catalogue.test.ts);
 * this maps what a library message (zod, JSON Patch) may still carry: quotes become apostrophes,
 * any other character outside the set a question mark.
 */
export function wireDescription(text: string): string {
  if (ERROR_DESCRIPTION_CHARACTERS.test(text)) return text;
  return Array.from(text, (char) => (ERROR_DESCRIPTION_CHARACTERS.test(char) ? char : (REPLACEMENTS[char] ?? "?"))).join("");
}
