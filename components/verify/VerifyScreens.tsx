// The screens a /verify/* page shows instead of its form.
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import type { ClientBranding } from "@/lib/clients/branding/types";
import { getT } from "@/lib/i18n/request";
import type { VerifyPageEntry } from "@/lib/verification/page-entry";

/** A bad verification link (unknown client, unregistered redirect_uri): shown here, never redirected. */
export async function VerifyLinkError({ title, message }: { title: string; message: string }) {
  const t = await getT();
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <p className="mt-3 text-slate-700">{t("errorPage.returnAndRetry")}</p>
      </Card>
    </PageShell>
  );
}

export async function NothingToSubmit({ clientName, brand, message, returnUrl }: { clientName: string; brand: ClientBranding | null; message: string; returnUrl: string }) {
  const t = await getT();
  return (
    <PageShell brand={brand}>
      <Card>
        <h1 className="text-2xl font-bold">{t("verify.nothingTitle")}</h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <a href={returnUrl} className={`${primaryButton} mt-6 inline-block text-center`}>
          {t("common.returnTo", { clientName })}
        </a>
      </Card>
    </PageShell>
  );
}

export async function VerifyHeading({ clientName, title, children }: { clientName: string; title: string; children: React.ReactNode }) {
  const t = await getT();
  return (
    <>
      <p className="text-sm font-medium text-slate-600">{t("verify.usesTrustgate", { clientName })}</p>
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
