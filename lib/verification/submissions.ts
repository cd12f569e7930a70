// Verification submissions as the admin dashboard shows them: every field, SSN and EIN masked.
// The full SSN or EIN is revealed only on an admin's explicit request, and that is audited.
import { db } from "@/lib/db";
import type { VerificationKind } from "@/lib/db/generated/enums";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { requireActiveAdmin } from "./admin-actor";
import { listDocuments, type DocumentMetadata } from "./documents";
import { formatEin, formatSsn, maskEin, maskSsn } from "./identifiers";

export interface VerificationSubmissionView {
  id: string;
  userId: string;
  kind: VerificationKind;
  clientId: string | null;
  /** The submitted fields (names, dates of birth, addresses, owners), snake_case as on the form. */
  data: Record<string, unknown>;
  /** Personal: the user's SSN; business: the controller's. Masked, e.g. ***-**-6789. */
  ssnMasked: string | null;
  /** Business: the EIN, masked, e.g. **-***6789. */
  einMasked: string | null;
  documents: DocumentMetadata[];
  ip: string | null;
  createdAt: Date;
}

/** A user's submissions, newest first. */
export async function listVerificationSubmissions(userId: string): Promise<VerificationSubmissionView[]> {
  if (!isUuid(userId)) return [];
  const [rows, documents] = await Promise.all([db().verificationSubmission.findMany({ where: { userId }, orderBy: { createdAt: "desc" } }), listDocuments(userId)]);
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    clientId: row.clientId,
    data: (row.data ?? {}) as Record<string, unknown>,
    ssnMasked: row.ssnEnc ? maskSsn(decryptSecret(row.ssnEnc, "pii")) : null,
    einMasked: row.einEnc ? maskEin(decryptSecret(row.einEnc, "pii")) : null,
    documents: documents.filter((document) => document.submissionId === row.id),
    ip: row.ip,
    createdAt: row.createdAt,
  }));
}

export type RevealableField = "ssn" | "ein";

/** The full SSN or EIN of one submission for an admin, recorded as `verification.secret_revealed`. */
export async function revealSubmissionSecret(input: { submissionId: string; field: RevealableField; adminId: string; ip?: string | null; requestId?: string | null }): Promise<string> {
  if (!isUuid(input.submissionId)) throw new ProductError("submission_not_found");
  return db().$transaction(async (tx) => {
    await requireActiveAdmin(tx, input.adminId);
    const row = await tx.verificationSubmission.findUnique({ where: { id: input.submissionId }, select: { userId: true, clientId: true, ssnEnc: true, einEnc: true } });
    if (!row) throw new ProductError("submission_not_found");
    const sealed = input.field === "ssn" ? row.ssnEnc : row.einEnc;
    if (!sealed) throw new ProductError("not_found", `This submission has no ${input.field.toUpperCase()}`);
    await emit(tx, {
      type: "verification.secret_revealed",
      actor: { type: "admin", id: input.adminId },
      userId: row.userId,
      clientId: row.clientId,
      subjectId: input.submissionId,
      ip: input.ip,
      requestId: input.requestId,
      data: { field: input.field },
    });
    const plain = decryptSecret(sealed, "pii");
    return input.field === "ssn" ? formatSsn(plain) : formatEin(plain);
  });
}
