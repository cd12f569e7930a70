// Submitting a /verify/* form: one transaction stores the submission (SSN and EIN encrypted; files,
// written just before as staged bytea rows with their SHA-256, are attached to it), moves the user to `pending` through the status machine (which
// emits `user.updated`, the partner's `user_updated` webhook) and records `verification.submitted`.
// Validation happens before the transaction, so a failed submit stores nothing.
import { db, type Tx } from "@/lib/db";
import type { UserStatus, VerificationKind } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { transitionUserStatus } from "@/lib/users/status";
import { checkDocumentFile, DOCUMENT_SIDES, type CheckedDocumentFile, type DocumentFileError, type DocumentSide, type UploadedFile } from "./document-file";
import { attachStagedDocuments, discardStagedDocuments, stageDocuments } from "./document-store";
import { formNotAvailableMessage, mayUseForm } from "./eligibility";
import { validateBusinessForm, validatePersonalForm, type FieldErrors, type FormValues } from "./validate-form";

export interface SubmissionContext {
  userId: string;
  /** The partner whose link brought the user here. */
  clientId: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Injected clock for the age check (tests). */
  now?: () => Date;
}

export type SubmitResult = { ok: true; submissionId: string } | { ok: false; errors: FieldErrors; values: FormValues };
export type DocumentSubmitResult = { ok: true; submissionId: string } | { ok: false; errors: Partial<Record<DocumentSide, DocumentFileError>> };

interface NewSubmission {
  kind: VerificationKind;
  data: Prisma.InputJsonValue;
  ssn?: string;
  ein?: string;
  documents?: { side: DocumentSide; file: CheckedDocumentFile }[];
  /** Rows already written by stageDocuments (same order as `documents`). */
  stagedDocumentIds?: string[];
}

async function recordSubmission(tx: Tx, ctx: SubmissionContext, submission: NewSubmission): Promise<string> {
  if (!isUuid(ctx.userId)) throw new ProductError("user_not_found");
  // Lock the user first: a concurrent review or a second submit queues behind this one.
  const [locked] = await tx.$queryRaw<{ status: UserStatus }[]>`SELECT status::text AS status FROM users WHERE id = ${ctx.userId}::uuid FOR UPDATE`;
  if (!locked) throw new ProductError("user_not_found");
  if (!mayUseForm(locked.status, submission.kind)) throw new ProductError("verification_not_allowed", formNotAvailableMessage(locked.status, submission.kind));
  const created = await tx.verificationSubmission.create({
    data: {
      userId: ctx.userId,
      kind: submission.kind,
      clientId: ctx.clientId,
      data: submission.data,
      ssnEnc: submission.ssn ? encryptSecret(submission.ssn, "pii") : null,
      einEnc: submission.ein ? encryptSecret(submission.ein, "pii") : null,
      ip: ctx.ip ?? null,
    },
    select: { id: true },
  });
  await attachStagedDocuments(tx, submission.stagedDocumentIds ?? [], created.id, ctx.userId);
  const actor = { type: "user" as const, id: ctx.userId };
  await transitionUserStatus(tx, { userId: ctx.userId, to: "pending", reason: `verification submitted (${submission.kind})`, actor, clientId: ctx.clientId, ip: ctx.ip, requestId: ctx.requestId });
  await emit(tx, {
    type: "verification.submitted",
    actor,
    clientId: ctx.clientId,
    userId: ctx.userId,
    subjectId: created.id,
    ip: ctx.ip,
    requestId: ctx.requestId,
    data: {
      kind: submission.kind,
      documents: (submission.documents ?? []).map(({ side, file }) => ({ side, content_type: file.contentType, byte_size: file.byteSize, sha256: file.sha256 })),
    },
  });
  return created.id;
}

export async function submitPersonalVerification(ctx: SubmissionContext, fields: Record<string, string>): Promise<SubmitResult> {
  const checked = validatePersonalForm(fields, ctx.now);
  if (!checked.ok) return checked;
  const { ssn, ...data } = checked.data;
  const submissionId = await db().$transaction((tx) => recordSubmission(tx, ctx, { kind: "personal", data, ssn }));
  return { ok: true, submissionId };
}

export async function submitBusinessVerification(ctx: SubmissionContext, fields: Record<string, string>): Promise<SubmitResult> {
  const checked = validateBusinessForm(fields, ctx.now);
  if (!checked.ok) return checked;
  const { ein, controller_ssn: ssn, ...data } = checked.data;
  const submissionId = await db().$transaction((tx) => recordSubmission(tx, ctx, { kind: "business", data, ein, ssn }));
  return { ok: true, submissionId };
}

export async function submitDocumentVerification(ctx: SubmissionContext, files: Partial<Record<DocumentSide, UploadedFile | null>>): Promise<DocumentSubmitResult> {
  const errors: Partial<Record<DocumentSide, DocumentFileError>> = {};
  const documents: { side: DocumentSide; file: CheckedDocumentFile }[] = [];
  for (const side of DOCUMENT_SIDES) {
    const checked = checkDocumentFile(files[side] ?? null);
    if (checked.ok) documents.push({ side, file: checked.file });
    else errors[side] = checked.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // Refuse before writing megabytes when the status cannot submit documents (rechecked under lock).
  const current = isUuid(ctx.userId) ? await db().user.findUnique({ where: { id: ctx.userId }, select: { status: true } }) : null;
  if (!current) throw new ProductError("user_not_found");
  if (!mayUseForm(current.status, "document")) throw new ProductError("verification_not_allowed", formNotAvailableMessage(current.status, "document"));
  const stagedDocumentIds = await stageDocuments(ctx.userId, documents);
  try {
    const submissionId = await db().$transaction((tx) => recordSubmission(tx, ctx, { kind: "document", data: {}, documents, stagedDocumentIds }));
    return { ok: true, submissionId };
  } catch (error) {
    await discardStagedDocuments(stagedDocumentIds);
    throw error;
  }
}
