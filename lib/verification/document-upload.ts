// POST /verify/document/upload: the document form without client script. Post → redirect → get:
// errors travel back to the page as codes in the query (never file contents or personal data).
import { ProductError } from "@/lib/errors/product";
import type { SessionUser } from "@/lib/sessions/current-session";
import type { DocumentFileError, DocumentSide } from "./document-file";
import type { UploadParse } from "./read-upload";
import { submitDocumentVerification } from "./submit";
import { countSubmitAttempt } from "./submit-attempts";
import { locationAfterSubmit, verificationPageState } from "./verification-step";

export type UploadOutcome = { kind: "expired" } | { kind: "go"; location: string };

export async function handleDocumentUpload(input: { rid: string; session: SessionUser | null; readUpload: () => Promise<UploadParse>; ip?: string | null; requestId?: string | null }): Promise<UploadOutcome> {
  const state = await verificationPageState("document", input.rid, input.session);
  if (state.kind === "expired") return state;
  if (state.kind === "go") return state;
  const page = `/verify/document?rid=${encodeURIComponent(state.request.id)}`;
  if (state.kind === "not_available") return { kind: "go", location: page };

  // Counted before the body is read, so refused attempts cost no parsing.
  if (!(await countSubmitAttempt(state.user.id)).allowed) return { kind: "go", location: `${page}&upload=rate_limited` };
  const upload = await input.readUpload();
  if (!upload.ok) return { kind: "go", location: `${page}&upload=${upload.error}` };
  try {
    const result = await submitDocumentVerification({ userId: state.user.id, clientId: state.request.clientId, ip: input.ip, requestId: input.requestId }, upload.files);
    if (!result.ok) {
      const query = (Object.entries(result.errors) as [DocumentSide, DocumentFileError][]).map(([side, error]) => `&${side}=${error}`).join("");
      return { kind: "go", location: `${page}${query}` };
    }
  } catch (error) {
    // The status changed meanwhile (e.g. a reviewer decided): the page explains what is next.
    if (error instanceof ProductError && error.code === "verification_not_allowed") return { kind: "go", location: page };
    throw error;
  }
  return { kind: "go", location: await locationAfterSubmit(state.request, input.session!) };
}
