// Identity document files: the type comes from the magic bytes only (OWASP File Upload Cheat
// Sheet: never trust the extension or the browser's Content-Type). Rule for names: a file name
// with an extension must name the type the bytes are (a PNG called "id.pdf" is refused as a
// mismatch — it is not what the user thinks they sent); a name without extension is fine.
import { createHash } from "node:crypto";
import { VERIFICATION_DOCUMENT_MAX_BYTES } from "@/lib/config/limits";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";

export const DOCUMENT_TYPES = {
  "image/jpeg": { label: "JPEG image", extensions: ["jpg", "jpeg"] },
  "image/png": { label: "PNG image", extensions: ["png"] },
  "application/pdf": { label: "PDF", extensions: ["pdf"] },
} as const;
export type DocumentContentType = keyof typeof DOCUMENT_TYPES;

export const DOCUMENT_SIDES = ["front", "back"] as const;
export type DocumentSide = (typeof DOCUMENT_SIDES)[number];

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

export function sniffDocumentType(bytes: Uint8Array): DocumentContentType | null {
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (startsWith(bytes, PDF)) return "application/pdf";
  return null;
}

export type DocumentFileError = "missing" | "empty" | "too_large" | "unsupported_type" | "name_mismatch";

export const DOCUMENT_FILE_ERRORS: Record<DocumentFileError, string> = {
  missing: "Choose a file.",
  empty: "This file is empty. Choose the photo or scan again.",
  too_large: `This file is larger than ${VERIFICATION_DOCUMENT_MAX_BYTES / 1024 / 1024} MB. Choose a smaller photo or scan.`,
  unsupported_type: "This file is not a JPEG, PNG or PDF. Choose a photo or a PDF scan of the document.",
  name_mismatch: "The file's name does not match its contents (for example an image named .pdf). Rename it or choose another file.",
};

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedDocumentFile {
  contentType: DocumentContentType;
  byteSize: number;
  sha256: string;
  fileName: string | null;
  bytes: Uint8Array;
}

/** The name as shown to reviewers: last path segment, no control characters, bounded. */
export function sanitizeFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop()!.replace(new RegExp(CONTROL_CHARACTERS.source, "g"), "").trim().slice(0, 200);
  return base || null;
}

export function checkDocumentFile(file: UploadedFile | null): { ok: true; file: CheckedDocumentFile } | { ok: false; error: DocumentFileError } {
  if (!file || (file.bytes.length === 0 && !file.name)) return { ok: false, error: "missing" };
  if (file.bytes.length === 0) return { ok: false, error: "empty" };
  if (file.bytes.length > VERIFICATION_DOCUMENT_MAX_BYTES) return { ok: false, error: "too_large" };
  const contentType = sniffDocumentType(file.bytes);
  if (!contentType) return { ok: false, error: "unsupported_type" };
  const fileName = sanitizeFileName(file.name);
  const extension = fileName && /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension && !(DOCUMENT_TYPES[contentType].extensions as readonly string[]).includes(extension)) return { ok: false, error: "name_mismatch" };
  return {
    ok: true,
    file: { contentType, byteSize: file.bytes.length, sha256: createHash("sha256").update(file.bytes).digest("hex"), fileName, bytes: file.bytes },
  };
}
