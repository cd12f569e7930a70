// GET /verify/document — upload the front and back of a government ID (JPEG, PNG or PDF, ≤ 10 MB
// each). A plain multipart form (no script) posted to /verify/document/upload; errors come back
// as codes in the query. With JavaScript the same post goes through fetch and errors show in place
// (components/verify/DocumentUploadForm.tsx), keeping the chosen files. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { DocumentUploadForm, type UploadErrors } from "@/components/verify/DocumentUploadForm";
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

function fileCode(value: SearchParams[string]): string | undefined {
  return typeof value === "string" && value in DOCUMENT_FILE_ERRORS ? DOCUMENT_FILE_ERRORS[value as DocumentFileError] : undefined;
}

export default async function DocumentVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const entry = await verifyPageEntry("document", params, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  const errors: UploadErrors = {};
  const front = fileCode(params.front);
  const back = fileCode(params.back);
  if (typeof params.upload === "string" && UPLOAD_ERRORS[params.upload]) errors.form = UPLOAD_ERRORS[params.upload]!;
  if (front) errors.front = `Front: ${front}`;
  if (back) errors.back = `Back: ${back}`;
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title="Upload your ID">
          Take a photo or scan of both sides of your driver&apos;s license, state ID or passport card. Only reviewers can see it.
        </VerifyHeading>
        <DocumentUploadForm action={`/verify/document/upload?rid=${encodeURIComponent(entry.request.id)}`} initialErrors={errors} fileMessages={DOCUMENT_FILE_ERRORS} uploadMessages={UPLOAD_ERRORS} />
      </Card>
    </PageShell>
  );
}
