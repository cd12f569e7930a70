// GET /verify/document — upload the front and back of a government ID (JPEG, PNG or PDF, ≤ 10 MB
// each). A plain multipart form (no script) posted to /verify/document/upload; errors come back
// as codes in the query. With JavaScript the same post goes through fetch and errors show in place
// (components/verify/DocumentUploadForm.tsx), keeping the chosen files. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { Messages } from "@/components/i18n/Messages";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { DocumentUploadForm, type UploadErrors } from "@/components/verify/DocumentUploadForm";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { documentFileMessage, uploadMessage } from "@/components/verify/document-messages";
import { getT } from "@/lib/i18n/request";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";

export async function generateMetadata() {
  return { title: (await getT())("verify.documentTitle") };
}
export const dynamic = "force-dynamic";

const one = (value: SearchParams[string]) => (typeof value === "string" ? value : undefined);

export default async function DocumentVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const entry = await verifyPageEntry("document", params, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  const t = await getT();
  const errors: UploadErrors = {};
  const front = documentFileMessage(t, one(params.front));
  const back = documentFileMessage(t, one(params.back));
  const upload = uploadMessage(t, one(params.upload));
  if (upload) errors.form = upload;
  if (front) errors.front = front;
  if (back) errors.back = back;
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title={t("verify.documentTitle")}>
          {t("verify.documentIntro")}
        </VerifyHeading>
        <Messages prefixes={["verify."]}>
          <DocumentUploadForm action={`/verify/document/upload?rid=${encodeURIComponent(entry.request.id)}`} initialErrors={errors} />
        </Messages>
      </Card>
    </PageShell>
  );
}
