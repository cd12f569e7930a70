// The one error wire format (RFC 6749 §5.2 style) for OAuth and product errors alike; the OpenAPI
// document describes every error answer with it.
import { z } from "zod";

export const errorBodySchema = z
  .object({
    error: z.string().meta({ description: "Machine-readable code: an RFC 6749 / 6750 error or a Trustgate product error code" }),
    error_description: z.string().meta({ description: "Human-readable explanation for the developer" }),
    details: z
      .unknown()
      .optional()
      .meta({ description: "Only on some errors: for invalid input, one `{path, message}` per invalid field; for rate limits, `{retry_after}` in seconds" }),
  })
  .meta({ id: "Error", description: "Every error answer: `{error, error_description}` (no stack traces, no internals)." });

export type ErrorBody = z.output<typeof errorBodySchema>;
