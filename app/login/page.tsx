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
import { endedSignIn, phonePageModel } from "@/lib/authorize/page-model";
import { clientIpFrom } from "@/lib/log/request-context";
import { requestCodeAction } from "./actions";

export const metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | undefined>>;

export default async function PhonePage({ searchParams }: { searchParams: Search }) {
  const { rid, error } = await searchParams;
  const model = await phonePageModel(rid, clientIpFrom(await headers()));
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const message = loginErrorMessage(error);
  // What the user typed, when the number was refused (kept next to the error, not in the URL).
  const draft = error === "invalid_phone" ? (await cookies()).get(LOGIN_PHONE_DRAFT_COOKIE)?.value : undefined;
  return (
    <PageShell brand={model.brand}>
      <Card>
        <p className="text-sm font-medium text-slate-600">{model.clientName} uses Trustgate to sign you in</p>
        <h1 className="mt-1 text-2xl font-bold">Sign in with your phone</h1>
        {message ? (
          <div className="mt-4">
            <Alert id="phone-error">{message}</Alert>
          </div>
        ) : null}
        <form action={requestCodeAction} className="mt-6 space-y-4">
          <input type="hidden" name="rid" value={model.request.id} />
          {model.expectedPhoneMasked ? (
            <p className="text-slate-700">
              We will text a code to your number ending in <strong>{model.expectedPhoneMasked.slice(-4)}</strong>.
            </p>
          ) : (
            <div>
              <label htmlFor="phone" className="block text-sm font-medium text-slate-800">
                Phone number
              </label>
              <input
                id="phone"
                name="phone"
                type="tel"
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
                {model.phoneLocked ? `${model.clientName} asked to sign in this number.` : "US numbers need no country code; others start with +."}
              </p>
            </div>
          )}
          <SubmitButton className={primaryButton} pendingLabel="Sending…">
            Send code
          </SubmitButton>
        </form>
        <DeviceSignIn rid={model.request.id} autofill={model.passkeyAutofill} />
        <p className="mt-4 text-xs text-slate-500">We send a one-time code by text message. Message and data rates may apply.</p>
      </Card>
    </PageShell>
  );
}
