// GET /verify/document — upload the front and back of a government ID (JPEG, PNG or PDF, ≤ 10 MB
// each). A plain multipart form (no script) posted to /verify/document/upload; errors come back
// as codes in the query. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { primaryButton } from "@/components/login/Button";
import { ErrorSummary } from "@/components/verify/ErrorSummary";
import { fieldId } from "@/components/verify/Field";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { DOCUMENT_FILE_ERRORS, type DocumentFileError } from "@/lib/verification/document-file";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";

export const metadata = { title: "Upload your ID" };
export const dynamic = "force-dynamic";

const UPLOAD_ERRORS: Record<string, string> = {
  too_large: "The files are too large together. Each must be at most 10 MB.",
  malformed: "The upload did not arrive complete. Choose the files and try again.",
  rate_limited: "Too many attempts. Try again in an hour.",
};

function fileError(value: SearchParams[string]): string | undefined {
  return typeof value === "string" && value in DOCUMENT_FILE_ERRORS ? DOCUMENT_FILE_ERRORS[value as DocumentFileError] : undefined;
}

function FileField({ name, label, hint, error }: { name: string; label: string; hint: string; error?: string }) {
  const id = fieldId(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
        {hint}
      </p>
      <input
        id={id}
        name={name}
        type="file"
        accept="image/jpeg,image/png,application/pdf"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="mt-2 block w-full rounded-lg border border-slate-400 bg-white p-3 text-base text-slate-900 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-medium"
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default async function DocumentVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const entry = await verifyPageEntry("document", params, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  const errors: Record<string, string> = {};
  const front = fileError(params.front);
  const back = fileError(params.back);
  if (typeof params.upload === "string" && UPLOAD_ERRORS[params.upload]) errors.form = UPLOAD_ERRORS[params.upload]!;
  if (front) errors.front = `Front: ${front}`;
  if (back) errors.back = `Back: ${back}`;
  return (
    <PageShell>
      <Card>
        <VerifyHeading clientName={entry.clientName} title="Upload your ID">
          Take a photo or scan of both sides of your driver&apos;s license, state ID or passport card. Only reviewers can see it.
        </VerifyHeading>
        <form action={`/verify/document/upload?rid=${encodeURIComponent(entry.request.id)}`} method="post" encType="multipart/form-data" className="mt-6 space-y-6">
          <ErrorSummary errors={errors} />
          <FileField name="front" label="Front of your ID" hint="JPEG, PNG or PDF, up to 10 MB." error={front} />
          <FileField name="back" label="Back of your ID" hint="JPEG, PNG or PDF, up to 10 MB." error={back} />
          <button type="submit" className={primaryButton}>
            Upload for review
          </button>
        </form>
      </Card>
    </PageShell>
  );
}
