// The screens a /verify/* page shows instead of its form.
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import type { ClientBranding } from "@/lib/clients/branding/types";
import type { VerifyPageEntry } from "@/lib/verification/page-entry";

/** A bad verification link (unknown client, unregistered redirect_uri): shown here, never redirected. */
export function VerifyLinkError({ title, message }: { title: string; message: string }) {
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <p className="mt-3 text-slate-700">Return to the application you came from and try again. If this keeps happening, contact its support.</p>
      </Card>
    </PageShell>
  );
}

export function NothingToSubmit({ clientName, brand, message, returnUrl }: { clientName: string; brand: ClientBranding | null; message: string; returnUrl: string }) {
  return (
    <PageShell brand={brand}>
      <Card>
        <h1 className="text-2xl font-bold">Nothing to send right now</h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <a href={returnUrl} className={`${primaryButton} mt-6 inline-block text-center`}>
          Return to {clientName}
        </a>
      </Card>
    </PageShell>
  );
}

export function VerifyHeading({ clientName, title, children }: { clientName: string; title: string; children: React.ReactNode }) {
  return (
    <>
      <p className="text-sm font-medium text-slate-600">{clientName} uses Trustgate to verify accounts</p>
      <h1 className="mt-1 text-2xl font-bold">{title}</h1>
      <div className="mt-2 text-slate-700">{children}</div>
    </>
  );
}

/** What a /verify/* page shows, or where it sends the browser, when there is no form to fill in. */
export function VerifyEntryScreen({ entry }: { entry: Exclude<VerifyPageEntry, { kind: "form" }> }) {
  if (entry.kind === "go") redirect(entry.location);
  if (entry.kind === "error_page") return <VerifyLinkError title={entry.title} message={entry.message} />;
  if (entry.kind === "expired") return <ExpiredNotice />;
  return <NothingToSubmit clientName={entry.clientName} brand={entry.brand} message={entry.message} returnUrl={entry.returnUrl} />;
}
