// Body parsing with a size cap, then zod. JSON for partner APIs, form encoding for OAuth endpoints.
import { z } from "zod";
import { MAX_JSON_BODY_BYTES } from "@/lib/config/limits";
import { InvalidRequest } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { rawBodyOf } from "./raw-body";

export async function readBodyText(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new ProductError("payload_too_large", `The request body exceeds ${limit} bytes`);
  const raw = rawBodyOf(req);
  if (raw !== undefined) {
    const bytes = typeof raw === "string" ? Buffer.byteLength(raw) : raw.byteLength;
    if (bytes > limit) throw new ProductError("payload_too_large", `The request body exceeds ${limit} bytes`);
    return typeof raw === "string" ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ProductError("payload_too_large", `The request body exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** NUL and other C0 controls (but tab, CR, LF): PostgreSQL text cannot hold NUL, and none is meaningful here. */
export const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ProductError("unsupported_media_type");
  const text = await readBodyText(req);
  // Raw control characters are invalid JSON anyway; escaped NULs would reach the database.
  if (/\\u0000/i.test(text)) throw new InvalidRequest("Strings must not contain control characters (NUL found)");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProductError("malformed_json");
  }
  return schema.parse(value);
}

/** Parameters that may appear more than once: RFC 8707 §2 `resource`. */
const REPEATABLE_PARAMETERS = new Set(["resource"]);

/** Form parameters of the OAuth endpoints, which an error description may name. */
const KNOWN_PARAMETERS = new Set([
  "grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope", "client_id", "client_secret",
  "client_assertion", "client_assertion_type", "token", "token_type_hint", "resource", "access_token",
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
