import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import type { EndedSignIn } from "@/lib/authorize/page-model";
import { primaryButton } from "./Button";

/**
 * A sign-in page whose request can no longer be used: already answered (Back after authorizing)
 * or expired. When the request is known the user gets a way back to the partner's site.
 */
export function ExpiredNotice({ ended = null }: { ended?: EndedSignIn | null }) {
  return (
    <PageShell brand={ended?.brand}>
      <Card>
        <h1 className="text-2xl font-bold">{ended?.answered ? "You are done here" : "This sign-in has expired"}</h1>
        <p className="mt-3 text-slate-700">
          {ended?.answered ? `You already answered ${ended.clientName}'s request, so there is nothing more to do on this page.` : `Return to ${ended ? ended.clientName : "the application you came from"} and start again.`}
        </p>
        {ended?.returnTo ? (
          <a href={ended.returnTo} className={`${primaryButton} mt-6 inline-block text-center`}>
            Return to {ended.clientName}
          </a>
        ) : null}
      </Card>
    </PageShell>
  );
}
