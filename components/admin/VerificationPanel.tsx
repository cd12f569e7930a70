// The user page's verification section: each submission's fields (SSN/EIN masked), its documents
// previewed inline from the admin-only document route (images as <img>, PDFs as a link), and for the
// admin role a "Reveal" form per SSN/EIN (audited as verification.secret_revealed).
import type { ActionResult } from "./ActionForm";
import { ActionForm } from "./ActionForm";
import { when } from "./format";
import { adminLink } from "./ui";
import type { VerificationSubmissionView } from "@/lib/verification/submissions";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The form's order (the database keeps JSON keys in its own order); anything else follows. */
const FIELD_ORDER = ["legal_name", "first_name", "last_name", "date_of_birth", "address1", "address2", "city", "state", "postal_code", "controller", "beneficial_owners"];

function ordered(data: Record<string, unknown>): [string, unknown][] {
  const rank = (key: string) => (FIELD_ORDER.includes(key) ? FIELD_ORDER.indexOf(key) : FIELD_ORDER.length);
  return Object.entries(data).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function label(key: string): string {
  return key.replace(/_/g, " ");
}

export function VerificationPanel({
  submissions,
  canReveal,
  revealAction,
}: {
  submissions: VerificationSubmissionView[];
  canReveal: boolean;
  revealAction: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  if (submissions.length === 0) return <p className="text-sm text-slate-600">This user has not submitted verification data or documents.</p>;
  return (
    <div className="space-y-6">
      {submissions.map((submission) => (
        <article key={submission.id} data-testid="verification-submission" className="space-y-3 border-b border-slate-100 pb-4 last:border-0">
          <h3 className="font-semibold">
            {submission.kind} submission · {when(submission.createdAt)}
          </h3>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {ordered(submission.data).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-medium capitalize text-slate-600">{label(key)}</dt>
                <dd className="break-words">{show(value)}</dd>
              </div>
            ))}
            {submission.ssnMasked ? (
              <>
                <dt className="font-medium text-slate-600">SSN</dt>
                <dd data-testid="ssn-masked">{submission.ssnMasked}</dd>
              </>
            ) : null}
            {submission.einMasked ? (
              <>
                <dt className="font-medium text-slate-600">EIN</dt>
                <dd data-testid="ein-masked">{submission.einMasked}</dd>
              </>
            ) : null}
            <dt className="font-medium text-slate-600">Submitted from</dt>
            <dd>{submission.ip ?? "—"}</dd>
          </dl>
          {canReveal
            ? (["ssn", "ein"] as const)
                .filter((field) => (field === "ssn" ? submission.ssnMasked : submission.einMasked))
                .map((field) => (
                  <ActionForm key={field} action={revealAction} submitLabel={`Reveal ${field.toUpperCase()}`} className="flex flex-wrap items-center gap-3">
                    <input type="hidden" name="submission_id" value={submission.id} />
                    <input type="hidden" name="field" value={field} />
                  </ActionForm>
                ))
            : null}
          {submission.documents.length ? (
            <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              {submission.documents.map((document) => {
                const href = `/admin/documents/${document.id}`;
                return (
                  <li key={document.id} data-testid="verification-document" className="space-y-1 text-sm">
                    <p className="font-medium">
                      ID {document.side} · {document.contentType} · {Math.ceil(document.byteSize / 1024)} KB
                    </p>
                    {document.contentType === "application/pdf" ? (
                      <a href={href} target="_blank" rel="noopener noreferrer" className={adminLink}>
                        Open PDF ({document.side})
                      </a>
                    ) : (
                      <a href={href} target="_blank" rel="noopener noreferrer" className="block" title="Open full size in a new tab">
                        {/* fetchPriority="low": React would otherwise add a <link rel=preload> for the image, and with
                            no-store the browser fetched the bytes twice — two document_viewed events per view. */}
                        {/* eslint-disable-next-line @next/next/no-img-element -- bytes from an authenticated, no-store route; next/image would cache them */}
                        <img src={href} alt={`ID document, ${document.side} side`} fetchPriority="low" className="max-h-72 rounded border border-slate-200" />
                      </a>
                    )}
                    {document.contentType === "application/pdf" ? null : (
                      <a href={href} target="_blank" rel="noopener noreferrer" className={`${adminLink} block`}>
                        View full size ({document.side})
                      </a>
                    )}
                    <a href={`${href}?download=1`} className={`${adminLink} block`}>
                      Download
                    </a>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </article>
      ))}
    </div>
  );
}
