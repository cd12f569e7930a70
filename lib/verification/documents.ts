// Identity documents for admins only: metadata for lists, bytes for one audited read. No end-user
// or public route serves document bytes; the admin dashboard's download route calls
// readDocumentForAdmin and must answer with the stored (sniffed) type, `Content-Disposition:
// attachment` and `X-Content-Type-Options: nosniff`.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { requireActiveAdmin } from "./admin-actor";
import { readDocumentBytes } from "./document-store";
import type { DocumentContentType, DocumentSide } from "./document-file";

export interface DocumentMetadata {
  id: string;
  submissionId: string;
  userId: string;
  side: DocumentSide;
  contentType: DocumentContentType;
  byteSize: number;
  sha256: string;
  fileName: string | null;
  createdAt: Date;
}

const METADATA = { id: true, submissionId: true, userId: true, side: true, contentType: true, byteSize: true, sha256: true, fileName: true, createdAt: true } as const;

/** A user's documents without their bytes, newest first. */
export async function listDocuments(userId: string): Promise<DocumentMetadata[]> {
  if (!isUuid(userId)) return [];
  const rows = await db().verificationDocument.findMany({ where: { userId, submissionId: { not: null } }, orderBy: [{ createdAt: "desc" }, { side: "desc" }], select: METADATA });
  return rows as DocumentMetadata[];
}

export interface AdminDocument extends DocumentMetadata {
  content: Uint8Array;
}

/** One document with its bytes, for an admin; recorded as `verification.document_viewed`. */
export async function readDocumentForAdmin(documentId: string, adminId: string, context: { ip?: string | null; requestId?: string | null } = {}): Promise<AdminDocument> {
  if (!isUuid(documentId)) throw new ProductError("document_not_found");
  // The read is audited before any byte leaves the database.
  const metadata = await db().$transaction(async (tx) => {
    await requireActiveAdmin(tx, adminId);
    const row = await tx.verificationDocument.findFirst({ where: { id: documentId, submissionId: { not: null } }, select: METADATA });
    if (!row) throw new ProductError("document_not_found");
    await emit(tx, {
      type: "verification.document_viewed",
      actor: { type: "admin", id: adminId },
      userId: row.userId,
      subjectId: row.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { side: row.side, sha256: row.sha256 },
    });
    return row as DocumentMetadata;
  });
  const content = await readDocumentBytes(documentId);
  if (!content) throw new ProductError("document_not_found");
  return { ...metadata, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
}
