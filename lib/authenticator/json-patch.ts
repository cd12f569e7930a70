// JSON Patch (RFC 6902) request bodies: `application/json-patch+json` only, operations checked
// with zod, applied by fast-json-patch to a deep copy, all or nothing. The caller validates the
// result; the stored object changes only if every operation applied and the result is valid.
import jsonPatch, { type Operation } from "fast-json-patch";
import { z } from "zod";
import { ProductError } from "@/lib/errors/product";
import { parseJsonText, readBodyText } from "@/lib/validation/body";
import { jsonPatchDocument, type JsonPatchDocument } from "./schemas";

export const JSON_PATCH_MEDIA_TYPE = "application/json-patch+json";

export type PatchBody = { kind: "patch"; operations: JsonPatchDocument } | { kind: "json"; value: unknown };

function mediaTypeOf(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

async function readJson(req: Request): Promise<unknown> {
  return parseJsonText(await readBodyText(req));
}

async function readOperations(req: Request): Promise<JsonPatchDocument> {
  const parsed = jsonPatchDocument.safeParse(await readJson(req));
  if (!parsed.success) throw new ProductError("json_patch_invalid", describe(parsed.error));
  return parsed.data;
}

/** A JSON Patch document; any other media type is 415. */
export async function readJsonPatch(req: Request): Promise<JsonPatchDocument> {
  if (mediaTypeOf(req) !== JSON_PATCH_MEDIA_TYPE) throw new ProductError("unsupported_media_type", `The request body must be ${JSON_PATCH_MEDIA_TYPE} (RFC 6902)`);
  return readOperations(req);
}

/** A JSON Patch document, or a plain JSON object (tru.ID also accepts `{"code": "123456"}`); else 415. */
export async function readPatchBody(req: Request): Promise<PatchBody> {
  const type = mediaTypeOf(req);
  if (type === JSON_PATCH_MEDIA_TYPE) return { kind: "patch", operations: await readOperations(req) };
  if (type === "application/json") return { kind: "json", value: await readJson(req) };
  throw new ProductError("unsupported_media_type", `The request body must be ${JSON_PATCH_MEDIA_TYPE} (RFC 6902) or application/json`);
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `operation ${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** Applies `operations` to a copy of `document`; the original is never touched. */
export function applyJsonPatch<T extends object>(document: T, operations: JsonPatchDocument): unknown {
  try {
    return jsonPatch.applyPatch(jsonPatch.deepClone(document), operations as Operation[], true, true, true).newDocument;
  } catch (error) {
    if (error instanceof jsonPatch.JsonPatchError) {
      const index = typeof error.index === "number" ? `operation ${error.index}: ` : "";
      throw new ProductError("json_patch_invalid", `${index}${error.message.split("\n")[0]}`);
    }
    throw error;
  }
}
