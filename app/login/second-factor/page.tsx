// GET /login/second-factor?rid= — the user's authenticator app after an application signed them in
// (trusted auth): the application's own login is not this user's second factor at Trustgate.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { SecondFactorStep } from "@/components/login/SecondFactorStep";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";
import { signInPageModel } from "@/lib/authorize/page-model";
import { getT } from "@/lib/i18n/request";
import { stepUpSecondFactorAction, useAnotherNumberAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("secondFactor.title") };
}

type Search = Promise<Record<string, string | undefined>>;

export default async function SecondFactorPage({ searchParams }: { searchParams: Search }) {
  const { rid, method, error } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice />;
  const recovery = method === "recovery_code";
  const t = await getT();
  return (
    <PageShell brand={model.brand}>
      <Card>
        <SecondFactorStep
          rid={model.request.id}
          recovery={recovery}
          error={error}
          action={stepUpSecondFactorAction}
          switchHref={`/login/second-factor?rid=${encodeURIComponent(model.request.id)}${recovery ? "" : "&method=recovery_code"}`}
          intro={<p className="text-sm font-medium text-slate-600">{t("common.usesTrustgate", { clientName: model.clientName })}</p>}
          after={<UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />}
        />
      </Card>
    </PageShell>
  );
}
