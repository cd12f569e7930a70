// GET /login?rid= — step 1 of the hosted sign-in: the phone number that receives the code.
import { cookies, headers } from "next/headers";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { DeviceSignIn } from "@/components/devices/DeviceSignIn";
import { loginErrorMessage } from "@/components/login/messages";
import { SubmitButton } from "@/components/login/SubmitButton";
import { LOGIN_PHONE_DRAFT_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { getT } from "@/lib/i18n/request";
import { endedSignIn, phonePageModel } from "@/lib/authorize/page-model";
import { clientIpFrom } from "@/lib/log/request-context";
import { requestCodeAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("phone.title") };
}

type Search = Promise<Record<string, string | undefined>>;

export default async function PhonePage({ searchParams }: { searchParams: Search }) {
  const { rid, error } = await searchParams;
  const model = await phonePageModel(rid, clientIpFrom(await headers()));
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const t = await getT();
  const message = loginErrorMessage(t, error);
  // What the user typed, when the number was refused (kept next to the error, not in the URL).
  const draft = error === "invalid_phone" ? (await cookies()).get(LOGIN_PHONE_DRAFT_COOKIE)?.value : undefined;
  return (
    <PageShell brand={model.brand}>
      <Card>
        <p className="text-sm font-medium text-slate-600">{t("common.usesTrustgate", { clientName: model.clientName })}</p>
        <h1 className="mt-1 text-2xl font-bold">{t("phone.heading")}</h1>
        {message ? (
          <div className="mt-4">
            <Alert id="phone-error">{message}</Alert>
          </div>
        ) : null}
        <form action={requestCodeAction} className="mt-6 space-y-4">
          <input type="hidden" name="rid" value={model.request.id} />
          {model.expectedPhoneMasked ? (
            <p className="text-slate-700">{t.rich("phone.willText", { last4: model.expectedPhoneMasked.slice(-4), b: (chunks) => <strong dir="ltr">{chunks}</strong> })}</p>
          ) : (
            <div>
              <label htmlFor="phone" className="block text-sm font-medium text-slate-800">
                {t("phone.label")}
              </label>
              <input
                id="phone"
                name="phone"
                type="tel"
                dir="ltr"
                autoComplete="tel webauthn"
                inputMode="tel"
                required
                defaultValue={draft ?? model.phone ?? ""}
                aria-invalid={error === "invalid_phone" || undefined}
                readOnly={model.phoneLocked}
                aria-describedby={message ? "phone-error phone-help" : "phone-help"}
                className={inputClass}
              />
              <p id="phone-help" className="mt-1 text-sm text-slate-600">
                {model.phoneLocked ? t("phone.locked", { clientName: model.clientName }) : t("phone.help")}
              </p>
            </div>
          )}
          <SubmitButton className={primaryButton} pendingLabel={t("common.sending")}>
            {t("phone.send")}
          </SubmitButton>
        </form>
        <DeviceSignIn rid={model.request.id} autofill={model.passkeyAutofill} />
        <p className="mt-4 text-xs text-slate-500">{t("phone.rates")}</p>
      </Card>
    </PageShell>
  );
}
