// The HTTP answer for an admin's document download or preview (the admin route calls
// readDocumentForAdmin, then this). The type is the sniffed one, never re-guessed by the browser
// (nosniff); the name is generated (the user's file name never reaches a header); nothing is cached.
import { DOCUMENT_TYPES } from "./document-file";
import type { AdminDocument } from "./documents";

export function adminDocumentResponse(document: AdminDocument, options: { inline?: boolean } = {}): Response {
  const extension = DOCUMENT_TYPES[document.contentType].extensions[0];
  const name = `${document.side}-${document.id.slice(0, 8)}.${extension}`;
  const headers: Record<string, string> = {
    "Content-Type": document.contentType,
    "Content-Length": String(document.content.byteLength),
    "Content-Disposition": `${options.inline ? "inline" : "attachment"}; filename="${name}"`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store, private",
    // A preview may be framed by the dashboard itself, never by anyone else; the file runs nothing.
    "Content-Security-Policy": `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors ${options.inline ? "'self'" : "'none'"}`,
    "X-Frame-Options": options.inline ? "SAMEORIGIN" : "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  return new Response(document.content as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
