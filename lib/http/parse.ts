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

/** Parameters that may appear more than once: RFC 8707 §2 `resource`. */
const REPEATABLE_PARAMETERS = new Set(["resource"]);

/** Form parameters of the OAuth endpoints, which an error description may name. */
const KNOWN_PARAMETERS = new Set([
  "grant_type",
  "code",
  "redirect_uri",
  "code_verifier",
  "refresh_token",
  "scope",
  "client_id",
  "client_secret",
  "client_assertion",
  "client_assertion_type",
  "token",
  "token_type_hint",
  "resource",
  "access_token",
]);

/** "Parameter grant_type" for one of ours, "A parameter" for anything else the client made up. */
function knownParameter(key: string): string {
  return KNOWN_PARAMETERS.has(key) ? `Parameter ${key}` : "A parameter";
}

/** application/x-www-form-urlencoded, as OAuth endpoints require (RFC 6749 §3.2). */
export async function parseFormBody(req: Request): Promise<URLSearchParams> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new InvalidRequest("The request body must be application/x-www-form-urlencoded");
  }
  const params = new URLSearchParams(await readBodyText(req));
  // RFC 6749 §3.1: parameters must not be included more than once (but RFC 8707's `resource`).
  // Error descriptions name a parameter only when it is one of ours (RFC 6749 §5.2: never reflect input).
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (seen.has(key) && !REPEATABLE_PARAMETERS.has(key)) throw new InvalidRequest(`${knownParameter(key)} is repeated`);
    if (CONTROL_CHARACTERS.test(key) || CONTROL_CHARACTERS.test(value)) throw new InvalidRequest(`${knownParameter(key)} contains control characters`);
    seen.add(key);
  }
  return params;
}
