// GET /verify/business — the retry form for business accounts: the business, its controller and
// beneficial owners. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { BusinessForm } from "@/components/verify/BusinessForm";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";
import { submitBusinessAction } from "../actions";

export const metadata = { title: "Verify your business" };
export const dynamic = "force-dynamic";

export default async function BusinessVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const entry = await verifyPageEntry("business", await searchParams, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title="Verify your business">
          We could not confirm the business&apos;s details. Enter them as on its formation and tax documents; a reviewer checks them.
        </VerifyHeading>
        <BusinessForm rid={entry.request.id} action={submitBusinessAction} />
      </Card>
    </PageShell>
  );
}
