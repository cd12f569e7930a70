// GET /challenge/{actionId}?token= — the hosted page behind a risk action's `url`: the user confirms
// the action with a trusted device (WebAuthn, bound to this action and its user) and returns to the
// partner. No trusted device at hand: a code texted to the user's own phone or their authenticator
// app's, when the deciding rule allows it (?via=sms|app). A user without a trusted device signs in
// by SMS first and may then add this device. Every form here works without JavaScript; only the
// device's own ceremony (WebAuthn) needs it.
import { Messages } from "@/components/i18n/Messages";
import { getT } from "@/lib/i18n/request";
import type { MessageKey, Translate } from "@/lib/i18n/format";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { ActionChallenge } from "@/components/actions/ActionChallenge";
import { ChallengeCodeForm } from "@/components/actions/ChallengeCodeForm";
import { AddDeviceButton } from "@/components/devices/AddDeviceButton";
import { Alert } from "@/components/login/Alert";
import { primaryButton, secondaryButton } from "@/components/login/Button";
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

/** Errors of sending a code (either code), by the error code the server action came back with. */
const SMS_ERRORS: Record<string, MessageKey> = {
  unavailable: "challengePage.unavailable",
  sms_resend_too_soon: "loginErrors.sms_resend_too_soon",
  sms_rate_limited: "loginErrors.sms_rate_limited",
  sms_provider_failed: "loginErrors.sms_provider_failed",
  sms_provider_not_configured: "loginErrors.sms_provider_not_configured",
};

/** `left` (tries left on an SMS code) from the URL, when it is one digit. */
const triesLeft = (left: string | undefined) => (left && /^\d$/.test(left) ? Number(left) : undefined);

/** Words for the fallback code's errors. */
function fallbackError(t: Translate, error: string, via: "sms" | "app", left: string | undefined): string {
  const tries = triesLeft(left);
  if (error === "invalid") return via === "app" ? t("challengePage.appInvalid") : tries !== undefined ? t("challenge.codeWrongLeft", { left: tries }) : t("challenge.codeWrong");
  if (error === "malformed") return t("code.enterAll", { digits: 6 });
  const words: Record<string, MessageKey> = {
    ...SMS_ERRORS,
    not_allowed: "challengePage.notAllowed",
    expired: "loginErrors.expired_code",
    attempts_exhausted: "challenge.codeGone",
    rate_limited: "loginErrors.rate_limited",
    replayed: "secondFactor.second_factor_replayed",
    locked: "secondFactor.second_factor_locked",
  };
  return t(words[error] ?? "common.somethingWrong");
}

/** Words for the enrolment sign-in's code posted without JavaScript (the sign-in's error codes). */
function signInError(t: Translate, error: string, left: string | undefined): string {
  const tries = triesLeft(left);
  if (error === "invalid") return tries !== undefined ? t("challenge.codeWrongLeft", { left: tries }) : t("challenge.codeWrong");
  const words: Record<string, MessageKey> = {
    malformed: "loginErrors.malformed",
    expired_code: "challenge.codeGone",
    attempts_exhausted: "challenge.codeGone",
    rate_limited: "loginErrors.rate_limited",
    second_factor_required: "challengePage.secondFactorRequired",
  };
  return t(words[error] ?? "common.somethingWrong");
}

const phoneTag = (chunks: React.ReactNode) => <strong dir="ltr">{chunks}</strong>;

/** "A code was sent just now" with the wait before another, when there is one. */
function sentRecently(t: Translate, waitS: number): string {
  return waitS > 0 ? `${t("code.sentRecently")} ${t("code.waitMore", { seconds: waitS })}` : t("code.sentRecently");
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

// The page's client components (passkey, codes) read the "challenge." messages; the page's own
// texts ("challengePage.") are rendered here and never sent to the browser.
export default async function ChallengePage(props: { params: Promise<{ id: string }>; searchParams: Search }) {
  return (
    <Messages prefixes={["challenge."]}>
      <ChallengeBody {...props} />
    </Messages>
  );
}

async function ChallengeBody({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const t = await getT();
  const { id } = await params;
  const { token = "", sms, error, resent, via, sent, left } = await searchParams;
  const model = await challengePageModel(id, token);
  if (!model)
    return (
      <Notice title={t("challengePage.linkBrokenTitle")} brand={null}>
        {t("challengePage.linkBrokenBody")}
      </Notice>
    );

  const returnLink = model.returnTo ? (
    <a href={model.returnTo} className="inline-block text-brand-700 underline">
      {t("common.returnTo", { clientName: model.clientName })}
    </a>
  ) : null;
  if (model.state !== "CHALLENGE_REQUIRED") {
    const passed = model.state === "CHALLENGE_SUCCEEDED";
    return (
      <Notice title={t(passed ? "challengePage.alreadyConfirmedTitle" : "challengePage.closedTitle")} brand={model.brand}>
        <p>{t(passed ? "challengePage.alreadyConfirmedBody" : "challengePage.closedBody")}</p>
        {returnLink}
      </Notice>
    );
  }
  if (model.expired) {
    return (
      <Notice title={t("challengePage.expiredTitle")} brand={model.brand}>
        <p>{t("challengePage.expiredBody", { clientName: model.clientName })}</p>
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
        {t("challengePage.useDeviceInstead")}
      </a>
    </p>
  );

  let body: React.ReactNode;
  if (model.enrolled && via === "sms" && fallbacks.includes("sms")) {
    const waitS = await fallbackResendWaitSeconds(id, token);
    const codeSent = sent === "1" || sent === "again" || (error !== undefined && error !== "sms_resend_too_soon" && !SMS_ERRORS[error]);
    const notice = sent === "again" ? t("code.resent") : error === "sms_resend_too_soon" ? sentRecently(t, waitS) : null;
    const problem = error && error !== "sms_resend_too_soon" ? fallbackError(t, error, "sms", left) : null;
    body = (
      <>
        <p className="mt-2 text-slate-700">{t.rich(codeSent || error === "sms_resend_too_soon" ? "challengePage.texted" : "challengePage.willText", { phone: model.phoneMasked, b: phoneTag })}</p>
        {notice ? (
          <div className="mt-4">
            <Alert tone="info">{notice}</Alert>
          </div>
        ) : null}
        <ChallengeCodeForm actionId={model.actionId} token={token} action={fallbackCodeAction} method="sms" label={t("challengePage.smsCodeLabel")} submitLabel={t("challengePage.confirm")} problem={problem} />
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
        <p className="mt-2 text-slate-700">{t("secondFactor.totpIntro")}</p>
        <ChallengeCodeForm
          actionId={model.actionId}
          token={token}
          action={fallbackCodeAction}
          method="authenticator_app"
          label={t("secondFactor.totpLabel")}
          submitLabel={t("challengePage.confirm")}
          problem={error ? fallbackError(t, error, "app", left) : null}
        />
        {deviceLink}
      </>
    );
  } else if (model.enrolled) {
    body = (
      <>
        <p className="mt-2 text-slate-700">{t("challengePage.deviceIntro")}</p>
        <div className="mt-6">
          <ActionChallenge actionId={model.actionId} token={token} clientName={model.clientName} />
          <noscript>
            <p className="mt-2 text-sm text-slate-700">{t(fallbacks.length ? "challengePage.needsJsOrCode" : "challengePage.needsJs")}</p>
          </noscript>
        </div>
        {fallbacks.length ? (
          <section aria-labelledby="fallback-heading" className="mt-8 border-t border-slate-200 pt-6">
            <h2 id="fallback-heading" className="text-lg font-semibold">
              {t("challengePage.fallbackHeading")}
            </h2>
            <div className="mt-3 grid gap-3">
              {fallbacks.includes("sms") ? (
                <form action={sendFallbackCodeAction}>
                  <Hidden actionId={model.actionId} token={token} />
                  <SubmitButton className={secondaryButton} pendingLabel={t("common.sending")}>
                    {t("challengePage.textCodeTo", { phone: model.phoneMasked })}
                  </SubmitButton>
                </form>
              ) : null}
              {fallbacks.includes("authenticator_app") ? (
                <a href={`${base}&via=app`} className={`${secondaryButton} text-center`}>
                  {t("challengePage.useApp")}
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
          <p className="mt-2 text-slate-700">{t("challengePage.signedInAddDevice")}</p>
          <div className="mt-6">
            <AddDeviceButton />
          </div>
        </>
      );
    } else if (sms === "sent") {
      const phone = await enrolmentPhone(id, token);
      const waitS = phone ? await resendWaitSeconds(phone) : 0;
      const notice = resent ? t("code.resent") : error === "sms_resend_too_soon" ? sentRecently(t, waitS) : null;
      // A send that failed shows above; a code posted without JavaScript comes back with the sign-in's error code, shown at the field.
      const sendProblem = error && error !== "sms_resend_too_soon" && SMS_ERRORS[error] ? t(SMS_ERRORS[error]) : null;
      const codeProblem = error && error !== "sms_resend_too_soon" && !SMS_ERRORS[error] ? signInError(t, error, left) : null;
      body = (
        <>
          <p className="mt-2 text-slate-700">{t.rich("challengePage.texted", { phone: model.phoneMasked, b: phoneTag })}</p>
          {notice ? (
            <div className="mt-4">
              <Alert tone="info">{notice}</Alert>
            </div>
          ) : null}
          {sendProblem ? (
            <div className="mt-4">
              <Alert>{sendProblem}</Alert>
            </div>
          ) : null}
          {phone ? (
            <ChallengeCodeForm actionId={model.actionId} token={token} action={enrolmentSignInAction} signInPhone={phone} label={t("common.verificationCode")} submitLabel={t("common.continue")} problem={codeProblem} />
          ) : null}
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
          <p className="mt-2 text-slate-700">{t.rich("challengePage.noDeviceYet", { phone: model.phoneMasked, b: phoneTag })}</p>
          {error && SMS_ERRORS[error] ? (
            <div className="mt-4">
              <Alert>{t(SMS_ERRORS[error])}</Alert>
            </div>
          ) : null}
          <form action={sendEnrolmentCodeAction} className="mt-6">
            <Hidden actionId={model.actionId} token={token} />
            <SubmitButton className={primaryButton} pendingLabel={t("common.sending")}>
              {t("challengePage.textMeCode")}
            </SubmitButton>
          </form>
        </>
      );
    }
  }

  return (
    <PageShell brand={model.brand}>
      <Card>
        <h1 className="text-2xl font-bold">{t("challenge.title")}</h1>
        <p className="mt-2 text-slate-700">
          {t("challengePage.asksToConfirm", { clientName: model.clientName })} <strong data-testid="challenge-action">{model.label ?? model.action}</strong>
        </p>
        {body}
        {returnLink ? <p className="mt-6 text-sm">{returnLink}</p> : null}
      </Card>
    </PageShell>
  );
}
