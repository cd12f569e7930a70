// GET /admin/documents/{id} — one identity document's bytes for a signed-in reviewer or admin
// (inline preview on the user page; ?download=1 for an attachment). Every read is audited
// (`verification.document_viewed`) by readDocumentForAdmin; the response carries the stored, sniffed
// type with nosniff, no-store and a CSP that lets the file run nothing. No admin session → 401.
import { currentAdmin } from "@/lib/admin/current-admin";
import { ProductError } from "@/lib/errors/product";
import { clientIpFrom, requestIdFrom } from "@/lib/log/request-context";
import { adminDocumentResponse } from "@/lib/verification/document-response";
import { readDocumentForAdmin } from "@/lib/verification/documents";

export const dynamic = "force-dynamic";

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  // Reviewers review users, so they see their documents; the role check is the session itself.
  const admin = await currentAdmin();
  if (!admin) return refuse(401, "Sign in to the admin dashboard to view documents.");
  const { id } = await params;
  try {
    const document = await readDocumentForAdmin(id, admin.id, { ip: clientIpFrom(req.headers), requestId: requestIdFrom(req.headers) });
    return adminDocumentResponse(document, { inline: new URL(req.url).searchParams.get("download") !== "1" });
  } catch (error) {
    if (error instanceof ProductError && error.code === "document_not_found") return refuse(404, "No such document.");
    throw error;
  }
}
