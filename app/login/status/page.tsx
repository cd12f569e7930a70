// GET /login/status?rid= — screens that end a sign-in: a rejected or suspended account, or a
// sign-up link that does not fit the signed-in user.
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { ReloadIfRestored } from "@/components/login/ReloadIfRestored";
import { SubmitButton } from "@/components/login/SubmitButton";
import { assessRequest } from "@/lib/authorize/next-step";
import { endedSignIn, signInPageModel } from "@/lib/authorize/page-model";
import type { Translate } from "@/lib/i18n/format";
import { getT } from "@/lib/i18n/request";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { returnToPartnerAction, useAnotherNumberAction } from "../actions";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";

export async function generateMetadata() {
  return { title: (await getT())("status.title") };
}

type Search = Promise<Record<string, string | undefined>>;

const INTENT_PROBLEMS = {
  intent_phone_mismatch: { title: "status.intent_phone_mismatch.title", body: "status.intent_phone_mismatch.body" },
  intent_converted_to_other_user: { title: "status.intent_converted_to_other_user.title", body: "status.intent_converted_to_other_user.body" },
  intent_not_found: { title: "status.intent_not_found.title", body: "status.intent_not_found.body" },
} as const;

export default async function StatusPage({ searchParams }: { searchParams: Search }) {
  const { rid } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const assessment = await assessRequest(model.request, await currentSessionUser());
  const t = await getT();
  if (assessment.kind === "intent_problem") {
    const problem = INTENT_PROBLEMS[assessment.code as keyof typeof INTENT_PROBLEMS];
    return (
      <PageShell brand={model.brand}>
        <ReloadIfRestored rid={model.request.id} />
        <Card>
          <h1 className="text-2xl font-bold">{t(problem.title)}</h1>
          <p className="mt-3 text-slate-700">{t(problem.body)}</p>
          <ReturnToPartner rid={model.request.id} clientName={model.clientName} t={t} />
          <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
        </Card>
      </PageShell>
    );
  }
  if (assessment.kind !== "blocked") redirect(`/login/continue?rid=${encodeURIComponent(model.request.id)}`);
  const suspended = assessment.user.status === "suspended";
  return (
    <PageShell brand={model.brand}>
      <ReloadIfRestored rid={model.request.id} />
      <Card>
        <h1 className="text-2xl font-bold">{suspended ? t("status.suspendedTitle") : t("status.rejectedTitle")}</h1>
        <p className="mt-3 text-slate-700">{suspended ? t("status.suspendedBody", { clientName: model.clientName }) : t("status.rejectedBody", { clientName: model.clientName })}</p>
        <ReturnToPartner rid={model.request.id} clientName={model.clientName} t={t} />
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
    </PageShell>
  );
}

/** Ends the request with access_denied and sends the user back to the partner. */
function ReturnToPartner({ rid, clientName, t }: { rid: string; clientName: string; t: Translate }) {
  return (
    <form action={returnToPartnerAction} className="mt-6" data-answers-request>
      <input type="hidden" name="rid" value={rid} />
      <SubmitButton className={primaryButton} pendingLabel={t("common.returning")}>
        {t("common.returnTo", { clientName })}
      </SubmitButton>
    </form>
  );
}
