// GET /login/code?rid= — step 2: the code from the text message.
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { secondaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { SmsCodeForm } from "@/components/login/SmsCodeForm";
import { LOGIN_PHONE_COOKIE } from "@/lib/authorize/login-phone-cookie";
import { signInPageModel } from "@/lib/authorize/page-model";
import { maskPhone } from "@/lib/phone/normalize";
import { requestCodeAction } from "../actions";

export const metadata = { title: "Enter your code" };

type Search = Promise<Record<string, string | undefined>>;

export default async function CodePage({ searchParams }: { searchParams: Search }) {
  const { rid, resent } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice />;
  const phone = (await cookies()).get(LOGIN_PHONE_COOKIE)?.value;
  if (!phone) redirect(`/login?rid=${encodeURIComponent(model.request.id)}`);
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Enter your code</h1>
        <p className="mt-2 text-slate-700">
          We texted a 6-digit code to <strong>{maskPhone(phone)}</strong>. It expires in 5 minutes.
        </p>
        {resent ? (
          <div className="mt-4">
            <Alert tone="info">A new code is on its way. Earlier codes no longer work.</Alert>
          </div>
        ) : null}
        <SmsCodeForm rid={model.request.id} phone={phone} />
        <form action={requestCodeAction} className="mt-3">
          <input type="hidden" name="rid" value={model.request.id} />
          <input type="hidden" name="phone" value={phone} />
          <input type="hidden" name="resend" value="1" />
          <button type="submit" className={secondaryButton}>
            Send a new code
          </button>
        </form>
        {!model.phoneLocked && !model.expectedPhoneMasked ? (
          <Link href={`/login?rid=${encodeURIComponent(model.request.id)}`} className="mt-4 inline-block text-sm text-brand-700 underline">
            Use a different phone number
          </Link>
        ) : null}
      </Card>
    </PageShell>
  );
}
