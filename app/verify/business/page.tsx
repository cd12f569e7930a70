// GET /verify/business — the retry form for business accounts: the business, its controller and
// beneficial owners. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { Messages } from "@/components/i18n/Messages";
import { getT } from "@/lib/i18n/request";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { BusinessForm } from "@/components/verify/BusinessForm";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";
import { submitBusinessAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("verify.businessTitle") };
}
export const dynamic = "force-dynamic";

export default async function BusinessVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const entry = await verifyPageEntry("business", await searchParams, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  const t = await getT();
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title={t("verify.businessTitle")}>
          {t("verify.businessIntro")}
        </VerifyHeading>
        <Messages prefixes={["verify."]}>
          <BusinessForm rid={entry.request.id} action={submitBusinessAction} />
        </Messages>
      </Card>
    </PageShell>
  );
}
