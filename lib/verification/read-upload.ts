// Reads the multipart body of the document upload with a hard size cap (the whole request is
// refused past front + back + overhead), then hands the two files over as bytes and names. The
// browser's Content-Type of each part is deliberately dropped: only the bytes decide the type.
import { VERIFICATION_UPLOAD_MAX_BODY_BYTES } from "@/lib/config/limits";
import { readCappedBytes } from "@/lib/validation/body";
import type { DocumentSide, UploadedFile } from "./document-file";

export type UploadParse = { ok: true; files: Record<DocumentSide, UploadedFile | null> } | { ok: false; error: "too_large" | "malformed" };

export async function readDocumentUpload(req: Request, limit = VERIFICATION_UPLOAD_MAX_BODY_BYTES): Promise<UploadParse> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) return { ok: false, error: "malformed" };
  const body = await readCappedBytes(req, limit);
  if (!body) return { ok: false, error: "too_large" };
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } }).formData();
  } catch {
    return { ok: false, error: "malformed" };
  }
  const file = async (name: DocumentSide): Promise<UploadedFile | null> => {
    const value = form.get(name);
    if (!value || typeof value === "string") return null;
    return { name: value.name ?? "", bytes: new Uint8Array(await value.arrayBuffer()) };
  };
  return { ok: true, files: { front: await file("front"), back: await file("back") } };
}
