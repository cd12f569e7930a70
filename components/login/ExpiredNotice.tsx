import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import type { EndedSignIn } from "@/lib/authorize/page-model";
import { getT } from "@/lib/i18n/request";
import { primaryButton } from "./Button";

/**
 * A sign-in page whose request can no longer be used: already answered (Back after authorizing)
 * or expired. When the request is known the user gets a way back to the partner's site.
 */
export async function ExpiredNotice({ ended = null }: { ended?: EndedSignIn | null }) {
  const t = await getT();
  return (
    <PageShell brand={ended?.brand}>
      <Card>
        <h1 className="text-2xl font-bold">{ended?.answered ? t("expired.doneTitle") : t("expired.title")}</h1>
        <p className="mt-3 text-slate-700">{ended?.answered ? t("expired.answered", { clientName: ended.clientName }) : ended ? t("expired.returnToClient", { clientName: ended.clientName }) : t("expired.returnToUnknown")}</p>
        {ended?.returnTo ? (
          <a href={ended.returnTo} className={`${primaryButton} mt-6 inline-block text-center`}>
            {t("common.returnTo", { clientName: ended.clientName })}
          </a>
        ) : null}
      </Card>
    </PageShell>
  );
}
