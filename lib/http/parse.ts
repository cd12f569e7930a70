// Body parsing with a size cap, then zod. JSON for partner APIs, form encoding for OAuth endpoints.
import { z } from "zod";
import { InvalidRequest } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { parseJsonText, readBodyText } from "@/lib/validation/body";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ProductError("unsupported_media_type");
  return schema.parse(parseJsonText(await readBodyText(req)));
}

/** application/x-www-form-urlencoded, as OAuth endpoints require (RFC 6749 §3.2). */
export async function parseFormBody(req: Request): Promise<URLSearchParams> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new InvalidRequest("The request body must be application/x-www-form-urlencoded");
  }
  const params = new URLSearchParams(await readBodyText(req));
  // RFC 6749 §3.1: parameters must not be included more than once.
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (seen.has(key)) throw new InvalidRequest(`Parameter "${key}" is repeated`);
    if (CONTROL_CHARACTERS.test(key) || CONTROL_CHARACTERS.test(value)) throw new InvalidRequest(`Parameter "${key.replace(CONTROL_CHARACTERS, "?")}" contains control characters`);
    seen.add(key);
  }
  return params;
}
