// GET /verify/personal — the retry form for personal accounts (Astra: "send the end-user into the
// Retry flow"). ?client_id=&redirect_uri=[&state=] standalone, or ?rid= inside the authorize flow.
import { Messages } from "@/components/i18n/Messages";
import { getT } from "@/lib/i18n/request";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { PersonalForm } from "@/components/verify/PersonalForm";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";
import { submitPersonalAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("verify.personalTitle") };
}
export const dynamic = "force-dynamic";

export default async function PersonalVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const entry = await verifyPageEntry("personal", await searchParams, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  const t = await getT();
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title={t("verify.personalTitle")}>
          {t("verify.personalIntro")}
        </VerifyHeading>
        <Messages prefixes={["verify."]}>
          <PersonalForm rid={entry.request.id} action={submitPersonalAction} />
        </Messages>
      </Card>
    </PageShell>
  );
}
