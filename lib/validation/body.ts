// Request bodies read with a hard size cap: the one capped reader (JSON and form bodies, JSON
// Patch documents, document uploads). A declared Content-Length over the cap is refused before
// reading; otherwise reading stops at the first byte past it.
import { MAX_JSON_BODY_BYTES } from "@/lib/config/limits";
import { InvalidRequest } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { rawBodyOf } from "./raw-body";

/** The bytes of `req`'s body, or null when it is larger than `limit` bytes. */
export async function readCappedBytes(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  const raw = rawBodyOf(req);
  if (raw !== undefined) {
    const bytes = typeof raw === "string" ? Buffer.from(raw) : raw;
    return bytes.byteLength > limit ? null : bytes;
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text; 413 payload_too_large past `limit`. */
export async function readBodyText(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const raw = rawBodyOf(req);
  if (typeof raw === "string") {
    if (Number(req.headers.get("content-length") ?? "0") > limit || Buffer.byteLength(raw) > limit) throw new ProductError("payload_too_large", `The request body exceeds ${limit} bytes`);
    return raw;
  }
  const bytes = await readCappedBytes(req, limit);
  if (!bytes) throw new ProductError("payload_too_large", `The request body exceeds ${limit} bytes`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** JSON text → value. Raw control characters are invalid JSON anyway; escaped NULs would reach the database. */
export function parseJsonText(text: string): unknown {
  if (/\\u0000/i.test(text)) throw new InvalidRequest("Strings must not contain control characters (NUL found)");
  try {
    return JSON.parse(text);
  } catch {
    throw new ProductError("malformed_json");
  }
}
