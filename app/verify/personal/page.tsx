// GET /verify/personal — the retry form for personal accounts (Astra: "send the end-user into the
// Retry flow"). ?client_id=&redirect_uri=[&state=] standalone, or ?rid= inside the authorize flow.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { PersonalForm } from "@/components/verify/PersonalForm";
import { VerifyEntryScreen, VerifyHeading } from "@/components/verify/VerifyScreens";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { verifyPageEntry, type SearchParams } from "@/lib/verification/page-entry";
import { submitPersonalAction } from "../actions";

export const metadata = { title: "Verify your identity" };
export const dynamic = "force-dynamic";

export default async function PersonalVerificationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const entry = await verifyPageEntry("personal", await searchParams, currentSessionUser);
  if (entry.kind !== "form") return <VerifyEntryScreen entry={entry} />;
  return (
    <PageShell brand={entry.brand}>
      <Card>
        <VerifyHeading clientName={entry.clientName} title="Verify your identity">
          We could not confirm your details. Enter them exactly as on your government ID; a reviewer checks them.
        </VerifyHeading>
        <PersonalForm rid={entry.request.id} action={submitPersonalAction} />
      </Card>
    </PageShell>
  );
}
