// GET /login/code?rid= — step 2: the code from the text message.
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { secondaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { loginErrorMessage } from "@/components/login/messages";
import { ResendCodeButton } from "@/components/login/ResendCodeButton";
import { SmsCodeForm } from "@/components/login/SmsCodeForm";
import { LOGIN_PHONE_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { endedSignIn, signInPageModel } from "@/lib/authorize/page-model";
import { SMS_CODE_DIGITS } from "@/lib/config/limits";
import { getT } from "@/lib/i18n/request";
import { maskPhone } from "@/lib/phone/normalize";
import { resendWaitSeconds } from "@/lib/sms/sign-in-code";
import { requestCodeAction, verifyCodeAction, verifySecondFactorAction } from "../actions";
import { SecondFactorStep } from "@/components/login/SecondFactorStep";

export async function generateMetadata() {
  return { title: (await getT())("code.title") };
}

type Search = Promise<Record<string, string | undefined>>;

export default async function CodePage({ searchParams }: { searchParams: Search }) {
  const { rid, resent, sent, error, left, step, method } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const phone = (await cookies()).get(LOGIN_PHONE_COOKIE)?.value;
  if (!phone) redirect(`/login?rid=${encodeURIComponent(model.request.id)}`);
  // A right code of a user with an authenticator app: that step next (its ticket is in an httpOnly cookie).
  if (step === "second_factor") {
    const recovery = method === "recovery_code";
    return (
      <PageShell brand={model.brand}>
        <Card>
          <SecondFactorStep
            rid={model.request.id}
            recovery={recovery}
            error={error}
            action={verifySecondFactorAction}
            switchHref={`/login/code?rid=${encodeURIComponent(model.request.id)}&step=second_factor${recovery ? "" : "&method=recovery_code"}`}
          />
        </Card>
      </PageShell>
    );
  }
  const waitS = await resendWaitSeconds(phone);
  const t = await getT();
  const base = error === "sms_resend_too_soon" ? null : loginErrorMessage(t, error);
  const problem = base && error === "invalid" && left && /^\d$/.test(left) ? t("code.triesLeft", { message: base, left: Number(left) }) : base;
  const notice = resent ? t("code.resent") : sent === "recently" || error === "sms_resend_too_soon" ? `${t("code.sentRecently")}${waitS > 0 ? ` ${t("code.waitMore", { seconds: waitS })}` : ""}` : null;
  return (
    <PageShell brand={model.brand}>
      <Card>
        <SmsCodeForm
          rid={model.request.id}
          digits={SMS_CODE_DIGITS}
          action={verifyCodeAction}
          initialError={problem}
          intro={
            <>
              <h1 className="text-2xl font-bold">{t("code.title")}</h1>
              <p className="mt-2 text-slate-700">{t.rich("code.texted", { digits: SMS_CODE_DIGITS, phone: maskPhone(phone), b: (chunks) => <strong dir="ltr">{chunks}</strong> })}</p>
              {notice ? (
                <div className="mt-4">
                  <Alert tone="info">{notice}</Alert>
                </div>
              ) : null}
            </>
          }
          after={
            <>
              <form action={requestCodeAction} className="mt-3">
                <input type="hidden" name="rid" value={model.request.id} />
                <input type="hidden" name="phone" value={phone} />
                <input type="hidden" name="resend" value="1" />
                <ResendCodeButton waitS={waitS} className={`${secondaryButton} disabled:opacity-60`} />
              </form>
              {!model.phoneLocked && !model.expectedPhoneMasked ? (
                <Link href={`/login?rid=${encodeURIComponent(model.request.id)}`} prefetch={false} className="mt-4 inline-block text-sm text-brand-700 underline">
                  {t("code.useDifferent")}
                </Link>
              ) : null}
            </>
          }
        />
      </Card>
    </PageShell>
  );
}
