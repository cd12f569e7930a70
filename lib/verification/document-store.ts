// Document bytes go through plain SQL on the shared pool: Prisma's Bytes handling costs seconds of
// CPU per 10 MB (measured on PostgreSQL: insert 1.3–2.6 s and read 2.8–3.2 s through Prisma, against
// 0.2–0.3 s and 0.6–1.0 s with pg), which would stall every other request on the instance.
// Writes are staged: rows without a submission, attached inside the submission's transaction.
import { randomUUID } from "node:crypto";
import { db, sql, type Tx } from "@/lib/db";
import type { CheckedDocumentFile, DocumentSide } from "./document-file";

/** Staged rows older than this belong to no submit in progress and are purged. */
const STAGED_TTL_MS = 3600 * 1000;

export async function stageDocuments(userId: string, documents: { side: DocumentSide; file: CheckedDocumentFile }[]): Promise<string[]> {
  const ids: string[] = [];
  try {
    for (const { side, file } of documents) {
      const id = randomUUID();
      ids.push(id);
      await sql(
        `INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, file_name, content, created_at)
         VALUES ($1::uuid, NULL, $2::uuid, $3, $4, $5, $6, $7, $8, now())`,
        [id, userId, side, file.contentType, file.byteSize, file.sha256, file.fileName, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength)],
      );
    }
  } catch (error) {
    await discardStagedDocuments(ids);
    throw error;
  }
  return ids;
}

/** Inside the submission's transaction: exactly these staged rows of this user become its documents. */
export async function attachStagedDocuments(tx: Tx, ids: string[], submissionId: string, userId: string): Promise<void> {
  if (ids.length === 0) return;
  const { count } = await tx.verificationDocument.updateMany({ where: { id: { in: ids }, userId, submissionId: null }, data: { submissionId } });
  if (count !== ids.length) throw new Error("Staged verification documents disappeared before they were attached");
}

export async function discardStagedDocuments(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql(`DELETE FROM verification_documents WHERE id = ANY($1::uuid[]) AND submission_id IS NULL`, [ids]);
}

/** Housekeeping: staged rows of submits that never finished (a crash between stage and attach). */
export async function purgeStagedDocuments(now = new Date()): Promise<number> {
  const { count } = await db().verificationDocument.deleteMany({ where: { submissionId: null, createdAt: { lt: new Date(now.getTime() - STAGED_TTL_MS) } } });
  return count;
}

/** The bytes of an attached document, or null. */
export async function readDocumentBytes(id: string): Promise<Buffer | null> {
  const [row] = await sql<{ content: Buffer }>(`SELECT content FROM verification_documents WHERE id = $1::uuid AND submission_id IS NOT NULL`, [id]);
  return row?.content ?? null;
}
