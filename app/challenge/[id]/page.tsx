// GET /challenge/{actionId}?token= — the hosted page behind a risk action's `url`: the user confirms
// the action with a trusted device (WebAuthn, bound to this action and its user) and returns to the
// partner. No trusted device at hand: a code texted to the user's own phone or their authenticator
// app's, when the deciding rule allows it (?via=sms|app). A user without a trusted device signs in
// by SMS first and may then add this device. Every form here works without JavaScript; only the
// device's own ceremony (WebAuthn) needs it.
import { Messages } from "@/components/i18n/Messages";
import { getT } from "@/lib/i18n/request";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { ActionChallenge } from "@/components/actions/ActionChallenge";
import { ActionSmsCodeForm } from "@/components/actions/ActionSmsCodeForm";
import { AddDeviceButton } from "@/components/devices/AddDeviceButton";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton, secondaryButton } from "@/components/login/Button";
import { ResendCodeButton } from "@/components/login/ResendCodeButton";
import { SubmitButton } from "@/components/login/SubmitButton";
import { resendWaitSeconds } from "@/lib/sms/sign-in-code";
import { actionForToken, challengePageModel, enrolmentPhone, mayEnrolFromChallenge, type ChallengePageModel } from "@/lib/risk-actions/challenge";
import { availableFallbacks, fallbackResendWaitSeconds } from "@/lib/risk-actions/challenge-fallback";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { enrolmentSignInAction, fallbackCodeAction, sendEnrolmentCodeAction, sendFallbackCodeAction } from "../actions";

export const dynamic = "force-dynamic";
export async function generateMetadata() {
  return { title: (await getT())("challenge.title") };
}

type Search = Promise<Record<string, string | undefined>>;

const SMS_ERRORS: Record<string, string> = {
  unavailable: "This request is no longer waiting. Return to the application and try again.",
  sms_resend_too_soon: "Please wait a moment before asking for another code.",
  sms_rate_limited: "Too many codes were requested. Try again later.",
  sms_provider_failed: "The text message could not be sent. Try again.",
  sms_provider_not_configured: "Text messages are not available right now.",
};

/** Words for the fallback code's errors (`left`: tries left on the SMS code). */
function fallbackError(error: string, via: "sms" | "app", left: string | undefined): string {
  const tries = left && /^\d$/.test(left) ? ` (${left} ${left === "1" ? "try" : "tries"} left)` : "";
  const words: Record<string, string> = {
    ...SMS_ERRORS,
    not_allowed: "This request cannot be confirmed with a code. Use your trusted device.",
    malformed: "Enter all 6 digits of the code.",
    invalid: via === "sms" ? `That code did not work. Check it and try again${tries}, or send a new code.` : "That code is not right. Try again with the code your app shows now.",
    expired: "That code has expired. Send a new code.",
    attempts_exhausted: "That code can no longer be used. Send a new code.",
    rate_limited: "Too many attempts. Try again later.",
    replayed: "That code was just used. Wait for the next one in your app.",
    locked: "Too many wrong codes. Try again in 15 minutes.",
  };
  return words[error] ?? "Something went wrong. Try again.";
}

function Notice({ title, brand, children }: { title: string; brand: ChallengePageModel["brand"]; children: React.ReactNode }) {
  return (
    <PageShell brand={brand}>
      <Card>
        <h1 className="text-2xl font-bold">{title}</h1>
        <div className="mt-3 space-y-3 text-slate-700">{children}</div>
      </Card>
    </PageShell>
  );
}

function Hidden({ actionId, token }: { actionId: string; token: string }) {
  return (
    <>
      <input type="hidden" name="actionId" value={actionId} />
      <input type="hidden" name="token" value={token} />
    </>
  );
}

/** A 6-digit code form that posts natively to fallbackCodeAction. */
function FallbackCodeForm({ model, token, method, label, problem }: { model: ChallengePageModel; token: string; method: "sms" | "authenticator_app"; label: string; problem: string | null }) {
  return (
    // noValidate: a short code reaches the server, which says why next to the field (and spends no try).
    <form action={fallbackCodeAction} className="mt-4 space-y-4" noValidate>
      <Hidden actionId={model.actionId} token={token} />
      <input type="hidden" name="method" value={method} />
      <div>
        <label htmlFor="fallback-code" className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <input
          id="fallback-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          autoFocus
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "fallback-error" : undefined}
          className={`${inputClass} tracking-[0.5em]`}
        />
      </div>
      {problem ? (
        <p id="fallback-error" role="alert" className="text-sm font-medium text-red-700">
          {problem}
        </p>
      ) : null}
      <SubmitButton className={primaryButton} pendingLabel="Checking…">
        Confirm
      </SubmitButton>
    </form>
  );
}

// The page's client components (passkey, SMS code) read the "challenge." messages. The page's own
// texts (with the SMS / authenticator-app fallback) are not in the catalogue yet: English.
export default async function ChallengePage(props: { params: Promise<{ id: string }>; searchParams: Search }) {
  return (
    <Messages prefixes={["challenge."]}>
      <ChallengeBody {...props} />
    </Messages>
  );
}

async function ChallengeBody({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const { id } = await params;
  const { token = "", sms, error, resent, via, sent, left } = await searchParams;
  const model = await challengePageModel(id, token);
  if (!model)
    return (
      <Notice title="This link does not work" brand={null}>
        It is invalid or has expired. Return to the application and try again.
      </Notice>
    );

  const returnLink = model.returnTo ? (
    <a href={model.returnTo} className="inline-block text-brand-700 underline">
      Return to {model.clientName}
    </a>
  ) : null;
  if (model.state !== "CHALLENGE_REQUIRED") {
    const passed = model.state === "CHALLENGE_SUCCEEDED";
    return (
      <Notice title={passed ? "Already confirmed" : "This request is closed"} brand={model.brand}>
        <p>{passed ? "You already confirmed this request." : "This request can no longer be confirmed."}</p>
        {returnLink}
      </Notice>
    );
  }
  if (model.expired) {
    return (
      <Notice title="This request has expired" brand={model.brand}>
        <p>Return to {model.clientName} and try again.</p>
        {returnLink}
      </Notice>
    );
  }

  const row = await actionForToken(id, token);
  const fallbacks = row ? await availableFallbacks(row) : [];
  const base = `/challenge/${encodeURIComponent(model.actionId)}?token=${encodeURIComponent(token)}`;
  const deviceLink = (
    <p className="mt-4 text-sm">
      <a href={base} className="text-brand-700 underline">
        Use your trusted device instead
      </a>
    </p>
  );

  let body: React.ReactNode;
  if (model.enrolled && via === "sms" && fallbacks.includes("sms")) {
    const waitS = await fallbackResendWaitSeconds(id, token);
    const codeSent = sent === "1" || sent === "again" || (error !== undefined && error !== "sms_resend_too_soon" && !SMS_ERRORS[error]);
    const notice =
      sent === "again"
        ? "A new code is on its way. Earlier codes no longer work."
        : error === "sms_resend_too_soon"
          ? `A code was sent just now: enter it below.${waitS > 0 ? ` You can ask for a new one in ${waitS} seconds.` : ""}`
          : null;
    const problem = error && error !== "sms_resend_too_soon" ? fallbackError(error, "sms", left) : null;
    body = (
      <>
        <p className="mt-2 text-slate-700">
          {codeSent || error === "sms_resend_too_soon" ? "We texted a 6-digit code to " : "We will text a 6-digit code to "}
          <strong>{model.phoneMasked}</strong>.
        </p>
        {notice ? (
          <div className="mt-4">
            <Alert tone="info">{notice}</Alert>
          </div>
        ) : null}
        <FallbackCodeForm model={model} token={token} method="sms" label="Code from the text message" problem={problem} />
        <form action={sendFallbackCodeAction} className="mt-3">
          <Hidden actionId={model.actionId} token={token} />
          <input type="hidden" name="resend" value="1" />
          <ResendCodeButton waitS={waitS} className={`${secondaryButton} disabled:opacity-60`} />
        </form>
        {deviceLink}
      </>
    );
  } else if (model.enrolled && via === "app" && fallbacks.includes("authenticator_app")) {
    body = (
      <>
        <p className="mt-2 text-slate-700">Open your authenticator app and enter the 6-digit code for Trustgate.</p>
        <FallbackCodeForm model={model} token={token} method="authenticator_app" label="Authenticator code" problem={error ? fallbackError(error, "app", left) : null} />
        {deviceLink}
      </>
    );
  } else if (model.enrolled) {
    body = (
      <>
        <p className="mt-2 text-slate-700">Use the fingerprint, face or PIN of a device you trusted for your account. Not on that device? Open this link there.</p>
        <div className="mt-6">
          <ActionChallenge actionId={model.actionId} token={token} clientName={model.clientName} />
          <noscript>
            <p className="mt-2 text-sm text-slate-700">Confirming with a trusted device needs JavaScript.{fallbacks.length ? " You can use a code instead." : ""}</p>
          </noscript>
        </div>
        {fallbacks.length ? (
          <section aria-labelledby="fallback-heading" className="mt-8 border-t border-slate-200 pt-6">
            <h2 id="fallback-heading" className="text-lg font-semibold">
              No trusted device at hand?
            </h2>
            <div className="mt-3 grid gap-3">
              {fallbacks.includes("sms") ? (
                <form action={sendFallbackCodeAction}>
                  <Hidden actionId={model.actionId} token={token} />
                  <SubmitButton className={secondaryButton} pendingLabel="Sending…">
                    Text a code to {model.phoneMasked}
                  </SubmitButton>
                </form>
              ) : null}
              {fallbacks.includes("authenticator_app") ? (
                <a href={`${base}&via=app`} className={`${secondaryButton} text-center`}>
                  Use your authenticator app
                </a>
              ) : null}
            </div>
          </section>
        ) : null}
      </>
    );
  } else {
    const session = await currentSessionUser();
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
      // A code posted without JavaScript comes back with the sign-in's error code.
      const signInErrors: Record<string, string> = {
        malformed: "Enter all 6 digits of the code from the text message.",
        invalid: `That code did not work. Check it and try again${left && /^\d$/.test(left) ? ` (${left} ${left === "1" ? "try" : "tries"} left)` : ""}, or ask for a new code below.`,
        expired_code: "That code can no longer be used. Ask for a new code below.",
        attempts_exhausted: "That code can no longer be used. Ask for a new code below.",
        rate_limited: "Too many attempts. Try again later.",
        second_factor_required: "Your account uses an authenticator app: sign in on a page with JavaScript turned on to add this device.",
      };
      const problem = error && error !== "sms_resend_too_soon" ? (SMS_ERRORS[error] ?? signInErrors[error] ?? "Something went wrong. Try again.") : undefined;
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
          {phone ? <ActionSmsCodeForm phone={phone} actionId={model.actionId} token={token} action={enrolmentSignInAction} /> : null}
          <form action={sendEnrolmentCodeAction} className="mt-3">
            <Hidden actionId={model.actionId} token={token} />
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
            <Hidden actionId={model.actionId} token={token} />
            <SubmitButton className={primaryButton} pendingLabel="Sending…">
              Text me a code
            </SubmitButton>
          </form>
        </>
      );
    }
  }

  return (
    <PageShell brand={model.brand}>
      <Card>
        <h1 className="text-2xl font-bold">Confirm it’s you</h1>
        <p className="mt-2 text-slate-700">
          {model.clientName} asks you to confirm: <strong data-testid="challenge-action">{model.label ?? model.action}</strong>
        </p>
        {body}
        {returnLink ? <p className="mt-6 text-sm">{returnLink}</p> : null}
      </Card>
    </PageShell>
  );
}
