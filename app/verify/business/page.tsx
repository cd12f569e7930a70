// GET /verify/business — the retry form for business accounts: the business, its controller and
// beneficial owners. ?client_id=&redirect_uri=[&state=] standalone, or ?rid= in the authorize flow.
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { BusinessForm } from "@/components/verify/BusinessForm";
import { NothingToSubmit, VerifyHeading, VerifyLinkError } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";
import { submitBusinessAction } from "../actions";

export const metadata = { title: "Verify your business" };
export const dynamic = "force-dynamic";

export default async function BusinessVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const entry = await verifyPageEntry("business", await searchParams, currentSessionUser);
  if (entry.kind === "error_page") return <VerifyLinkError title={entry.title} message={entry.message} />;
  if (entry.kind === "expired") return <ExpiredNotice />;
  if (entry.kind === "go") redirect(entry.location);
  if (entry.kind === "not_available") return <NothingToSubmit clientName={entry.clientName} message={entry.message} returnUrl={entry.returnUrl} />;
  return (
    <PageShell>
      <Card>
        <VerifyHeading clientName={entry.clientName} title="Verify your business">
          We could not confirm the business&apos;s details. Enter them as on its formation and tax documents; a reviewer checks them.
        </VerifyHeading>
        <BusinessForm rid={entry.request.id} action={submitBusinessAction} />
      </Card>
    </PageShell>
  );
}
