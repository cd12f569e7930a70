// GET /challenge/{actionId}?token= — the hosted page behind a risk action's `url`: the user confirms
// the action with a trusted device (WebAuthn, bound to this action and its user) and returns to the
// partner. A user without a trusted device signs in by SMS first and may then add this device.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { ActionChallenge } from "@/components/actions/ActionChallenge";
import { ActionSmsCodeForm } from "@/components/actions/ActionSmsCodeForm";
import { AddDeviceButton } from "@/components/devices/AddDeviceButton";
import { Alert } from "@/components/login/Alert";
import { primaryButton, secondaryButton } from "@/components/login/Button";
import { ResendCodeButton } from "@/components/login/ResendCodeButton";
import { SubmitButton } from "@/components/login/SubmitButton";
import { resendWaitSeconds } from "@/lib/sms/sign-in-code";
import { actionForToken, challengePageModel, enrolmentPhone, mayEnrolFromChallenge } from "@/lib/risk-actions/challenge";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { sendEnrolmentCodeAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Confirm it’s you" };

type Search = Promise<Record<string, string | undefined>>;

const SMS_ERRORS: Record<string, string> = {
  unavailable: "This request is no longer waiting. Return to the application and try again.",
  sms_resend_too_soon: "Please wait a moment before asking for another code.",
  sms_rate_limited: "Too many codes were requested. Try again later.",
  sms_provider_failed: "The text message could not be sent. Try again.",
  sms_provider_not_configured: "Text messages are not available right now.",
};

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{title}</h1>
        <div className="mt-3 space-y-3 text-slate-700">{children}</div>
      </Card>
    </PageShell>
  );
}

export default async function ChallengePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const { id } = await params;
  const { token = "", sms, error, resent } = await searchParams;
  const model = await challengePageModel(id, token);
  if (!model) return <Notice title="This link does not work">It is invalid or has expired. Return to the application and try again.</Notice>;

  const returnLink = model.returnTo ? (
    <a href={model.returnTo} className="inline-block text-brand-700 underline">
      Return to {model.clientName}
    </a>
  ) : null;
  if (model.state !== "CHALLENGE_REQUIRED") {
    const passed = model.state === "CHALLENGE_SUCCEEDED";
    return (
      <Notice title={passed ? "Already confirmed" : "This request is closed"}>
        <p>{passed ? "You already confirmed this request." : "This request can no longer be confirmed."}</p>
        {returnLink}
      </Notice>
    );
  }
  if (model.expired) {
    return (
      <Notice title="This request has expired">
        <p>Return to {model.clientName} and try again.</p>
        {returnLink}
      </Notice>
    );
  }

  let body: React.ReactNode;
  if (model.enrolled) {
    body = (
      <>
        <p className="mt-2 text-slate-700">Use the fingerprint, face or PIN of a device you trusted for your account. Not on that device? Open this link there.</p>
        <div className="mt-6">
          <ActionChallenge actionId={model.actionId} token={token} clientName={model.clientName} />
        </div>
      </>
    );
  } else {
    const session = await currentSessionUser();
    const row = await actionForToken(id, token);
    if (row && mayEnrolFromChallenge(session, row.userId)) {
      body = (
        <>
          <p className="mt-2 text-slate-700">You are signed in. Trust this device so you can confirm requests with its fingerprint, face or PIN.</p>
          <div className="mt-6">
            <AddDeviceButton />
          </div>
        </>
      );
    } else if (sms === "sent") {
      const phone = await enrolmentPhone(id, token);
      const waitS = phone ? await resendWaitSeconds(phone) : 0;
      const notice = resent
        ? "A new code is on its way. Earlier codes no longer work."
        : error === "sms_resend_too_soon"
          ? `A code was sent just now: enter it below.${waitS > 0 ? ` You can ask for a new one in ${waitS} seconds.` : ""}`
          : null;
      const problem = error && error !== "sms_resend_too_soon" ? SMS_ERRORS[error] : undefined;
      body = (
        <>
          <p className="mt-2 text-slate-700">
            We texted a 6-digit code to <strong>{model.phoneMasked}</strong>.
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
          {phone ? <ActionSmsCodeForm phone={phone} /> : null}
          <form action={sendEnrolmentCodeAction} className="mt-3">
            <input type="hidden" name="actionId" value={model.actionId} />
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="resend" value="1" />
            <ResendCodeButton waitS={waitS} className={`${secondaryButton} disabled:opacity-60`} />
          </form>
        </>
      );
    } else {
      body = (
        <>
          <p className="mt-2 text-slate-700">
            You have no trusted device yet. Sign in with a code sent to <strong>{model.phoneMasked}</strong>, then you can add this device.
          </p>
          {error && SMS_ERRORS[error] ? (
            <div className="mt-4">
              <Alert>{SMS_ERRORS[error]}</Alert>
            </div>
          ) : null}
          <form action={sendEnrolmentCodeAction} className="mt-6">
            <input type="hidden" name="actionId" value={model.actionId} />
            <input type="hidden" name="token" value={token} />
            <SubmitButton className={primaryButton} pendingLabel="Sending…">
              Text me a code
            </SubmitButton>
          </form>
        </>
      );
    }
  }

  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Confirm it’s you</h1>
        <p className="mt-2 text-slate-700">
          {model.clientName} asks you to confirm: <strong data-testid="challenge-action">{model.action}</strong>
        </p>
        {body}
        {returnLink ? <p className="mt-6 text-sm">{returnLink}</p> : null}
      </Card>
    </PageShell>
  );
}
