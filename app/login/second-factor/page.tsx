// GET /login/second-factor?rid= — the user's authenticator app after an application signed them in
// (trusted auth): the application's own login is not this user's second factor at Trustgate.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
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
  // The codes this page is sent back with: second_factor_invalid, _replayed, _locked.
  const key = `secondFactor.${error}`;
  const message = error ? (t.has(key) ? t(key) : t("common.somethingWrong")) : null;
  return (
    <PageShell brand={model.brand}>
      <Card>
        <p className="text-sm font-medium text-slate-600">{t("common.usesTrustgate", { clientName: model.clientName })}</p>
        <h1 className="mt-1 text-2xl font-bold">{t("secondFactor.title")}</h1>
        {message ? (
          <div className="mt-4">
            <Alert id="second-factor-error">{message}</Alert>
          </div>
        ) : null}
        <form action={stepUpSecondFactorAction} className="mt-6 space-y-4">
          <input type="hidden" name="rid" value={model.request.id} />
          <input type="hidden" name="method" value={recovery ? "recovery_code" : "totp"} />
          <p className="text-slate-700">{recovery ? t("secondFactor.recoveryIntro") : t("secondFactor.totpIntro")}</p>
          <div>
            <label htmlFor="second-factor-code" className="block text-sm font-medium text-slate-800">
              {recovery ? t("secondFactor.recoveryLabel") : t("secondFactor.totpLabel")}
            </label>
            <input
              id="second-factor-code"
              name="code"
              inputMode={recovery ? "text" : "numeric"}
              autoComplete="one-time-code"
              dir="ltr"
              maxLength={recovery ? 11 : 6}
              required
              aria-describedby={message ? "second-factor-error" : undefined}
              className={`${inputClass} tracking-widest`}
            />
          </div>
          <button type="submit" className={primaryButton}>
            {t("secondFactor.verify")}
          </button>
        </form>
        <p className="mt-4 text-sm">
          <a className="text-brand-700 underline" href={`/login/second-factor?rid=${encodeURIComponent(model.request.id)}${recovery ? "" : "&method=recovery_code"}`}>
            {recovery ? t("secondFactor.useApp") : t("secondFactor.useRecovery")}
          </a>
        </p>
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
    </PageShell>
  );
}
