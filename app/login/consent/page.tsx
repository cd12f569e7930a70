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
import { maskPhone } from "@/lib/phone/normalize";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { consentAction, useAnotherNumberAction } from "../actions";
import { declineDeviceOfferAction } from "@/app/account/actions";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";
import { DeviceOffer } from "@/components/devices/DeviceOffer";
import { PartnerLinks } from "@/components/login/PartnerLinks";
import { DEVICE_OFFER_COOKIE, shouldOfferDevice } from "@/lib/devices/device-offer";

export const metadata = { title: "Authorize" };

type Search = Promise<Record<string, string | undefined>>;

// retry and document users never get here: the flow sends them to /verify/* first.
const STATUS_NOTICES: Record<string, string> = {
  pending: "Your account is under review. You can continue; the application will let you know when the review is done.",
};

export default async function ConsentPage({ searchParams }: { searchParams: Search }) {
  const { rid } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const session = await currentSessionUser();
  const assessment = await assessRequest(model.request, session);
  if (assessment.kind !== "ready") redirect(`/login/continue?rid=${encodeURIComponent(model.request.id)}`);
  const notice = STATUS_NOTICES[assessment.user.status];
  return (
    <PageShell brand={model.brand}>
      <ReloadIfRestored rid={model.request.id} />
      <Card>
        <h1 className="text-2xl font-bold">Authorize {model.clientName}</h1>
        <p className="mt-2 text-slate-700">
          Signed in as <strong>{maskPhone(assessment.user.phone)}</strong>. {model.clientName} would like to:
        </p>
        <ul className="mt-4 space-y-2">
          {model.scopes.map(({ scope, description }) => (
            <li key={scope} className="flex items-start gap-2 text-slate-800">
              <span aria-hidden="true" className="mt-2 inline-block h-2 w-2 shrink-0 rounded-full bg-brand-600" />
              {description}
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
          <SubmitButton name="decision" value="deny" className={secondaryButton} pendingLabel="Denying…">
            Deny
          </SubmitButton>
          <SubmitButton name="decision" value="allow" className={primaryButton} pendingLabel="Authorizing…">
            Authorize
          </SubmitButton>
        </form>
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
      {shouldOfferDevice(session, (await cookies()).get(DEVICE_OFFER_COOKIE)?.value) ? <DeviceOffer back={`/login/consent?rid=${model.request.id}`} decline={declineDeviceOfferAction} /> : null}
    </PageShell>
  );
}
