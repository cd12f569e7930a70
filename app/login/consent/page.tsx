// GET /login/consent?rid= — "Authorize <partner>": what the partner gets, Authorize or Deny.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { primaryButton, secondaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { ReloadIfRestored } from "@/components/login/ReloadIfRestored";
import { SubmitButton } from "@/components/login/SubmitButton";
import { assessRequest } from "@/lib/authorize/next-step";
import { endedSignIn, signInPageModel } from "@/lib/authorize/page-model";
import { getT } from "@/lib/i18n/request";
import { maskPhone } from "@/lib/phone/normalize";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { consentAction, useAnotherNumberAction } from "../actions";
import { declineDeviceOfferAction } from "@/app/account/actions";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";
import { DeviceOffer } from "@/components/devices/DeviceOffer";
import { PartnerLinks } from "@/components/login/PartnerLinks";
import { DEVICE_OFFER_COOKIE, shouldOfferDevice } from "@/lib/devices/device-offer";

export async function generateMetadata() {
  return { title: (await getT())("consent.title") };
}

type Search = Promise<Record<string, string | undefined>>;

// retry and document users never get here: the flow sends them to /verify/* first.
const STATUS_NOTICES = { pending: "consent.pending" } as const;

export default async function ConsentPage({ searchParams }: { searchParams: Search }) {
  const { rid } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const session = await currentSessionUser();
  const assessment = await assessRequest(model.request, session);
  if (assessment.kind !== "ready") redirect(`/login/continue?rid=${encodeURIComponent(model.request.id)}`);
  const t = await getT();
  const noticeKey = STATUS_NOTICES[assessment.user.status as keyof typeof STATUS_NOTICES];
  const notice = noticeKey ? t(noticeKey) : null;
  return (
    <PageShell brand={model.brand}>
      <ReloadIfRestored rid={model.request.id} />
      <Card>
        <h1 className="text-2xl font-bold">{t("consent.heading", { clientName: model.clientName })}</h1>
        <p className="mt-2 text-slate-700">{t.rich("consent.signedInAs", { phone: maskPhone(assessment.user.phone), clientName: model.clientName, b: (chunks) => <strong dir="ltr">{chunks}</strong> })}</p>
        <ul className="mt-4 space-y-2">
          {model.scopes.map(({ scope, description }) => (
            <li key={scope} className="flex items-start gap-2 text-slate-800">
              <span aria-hidden="true" className="mt-2 inline-block h-2 w-2 shrink-0 rounded-full bg-brand-600" />
              {t.has(`scope.${scope}`) ? t(`scope.${scope}` as "scope.openid") : description}
            </li>
          ))}
        </ul>
        <PartnerLinks clientName={model.clientName} policyUri={model.brand?.policyUri ?? null} tosUri={model.brand?.tosUri ?? null} />
        {notice ? (
          <div className="mt-4">
            <Alert tone="info">{notice}</Alert>
          </div>
        ) : null}
        <form action={consentAction} className="mt-6 grid gap-3 sm:grid-cols-2" data-answers-request>
          <input type="hidden" name="rid" value={model.request.id} />
          <SubmitButton name="decision" value="deny" className={secondaryButton} pendingLabel={t("consent.denying")}>
            {t("consent.deny")}
          </SubmitButton>
          <SubmitButton name="decision" value="allow" className={primaryButton} pendingLabel={t("consent.authorizing")}>
            {t("consent.authorize")}
          </SubmitButton>
        </form>
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
      {shouldOfferDevice(session, (await cookies()).get(DEVICE_OFFER_COOKIE)?.value) ? <DeviceOffer back={`/login/consent?rid=${model.request.id}`} decline={declineDeviceOfferAction} /> : null}
    </PageShell>
  );
}
