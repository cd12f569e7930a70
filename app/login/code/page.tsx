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
import { maskPhone } from "@/lib/phone/normalize";
import { resendWaitSeconds } from "@/lib/sms/sign-in-code";
import { requestCodeAction, verifyCodeAction } from "../actions";

export const metadata = { title: "Enter your code" };

type Search = Promise<Record<string, string | undefined>>;

export default async function CodePage({ searchParams }: { searchParams: Search }) {
  const { rid, resent, sent, error } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const phone = (await cookies()).get(LOGIN_PHONE_COOKIE)?.value;
  if (!phone) redirect(`/login?rid=${encodeURIComponent(model.request.id)}`);
  const waitS = await resendWaitSeconds(phone);
  const problem = error === "sms_resend_too_soon" ? null : loginErrorMessage(error);
  const notice = resent
    ? "A new code is on its way. Earlier codes no longer work."
    : sent === "recently" || error === "sms_resend_too_soon"
      ? `A code was sent to this number just now: enter it below.${waitS > 0 ? ` You can ask for a new one in ${waitS} seconds.` : ""}`
      : null;
  return (
    <PageShell>
      <Card>
        <SmsCodeForm
          action={verifyCodeAction}
          rid={model.request.id}
          phone={phone}
          digits={SMS_CODE_DIGITS}
          intro={
            <>
              <h1 className="text-2xl font-bold">Enter your code</h1>
              <p className="mt-2 text-slate-700">
                We texted a {SMS_CODE_DIGITS}-digit code to <strong>{maskPhone(phone)}</strong>. It expires in 5 minutes.
              </p>
              {notice ? (
                <div className="mt-4">
                  <Alert tone="info">{notice}</Alert>
                </div>
              ) : null}
              {problem ? (
                <div className="mt-4">
                  <Alert>{problem}</Alert>
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
                <Link href={`/login?rid=${encodeURIComponent(model.request.id)}`} className="mt-4 inline-block text-sm text-brand-700 underline">
                  Use a different phone number
                </Link>
              ) : null}
            </>
          }
        />
      </Card>
    </PageShell>
  );
}
