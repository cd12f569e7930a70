// GET /account/security — the signed-in user's second factor: add an authenticator app (QR code or
// manual key, confirmed with a code), then recovery codes. Server component; the only script is
// the code form that shows recovery codes once.
import { Messages } from "@/components/i18n/Messages";
import { getT } from "@/lib/i18n/request";
import { CopyButton } from "@/components/CopyButton";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { CodeThenRecoveryCodes } from "@/components/account/CodeThenRecoveryCodes";
import { Alert } from "@/components/login/Alert";
import { inputClass, primaryButton, secondaryButton } from "@/components/login/Button";
import { authenticatorAppState } from "@/lib/second-factor/user-app";
import { SessionNotAllowed } from "@/components/account/SessionNotAllowed";
import { SignOutForm } from "@/components/account/SignOutForm";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { accountSignOutAction } from "../actions";
import { confirmEnrolmentAction, regenerateRecoveryCodesAction, startEnrolmentAction, turnOffAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("security.title") };
}

type Search = Promise<Record<string, string | undefined>>;

export default async function AccountSecurityPage({ searchParams }: { searchParams: Search }) {
  const { off, off_error: offError } = await searchParams;
  const user = await currentSessionUser();
  const t = await getT();
  if (!user) {
    return (
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">{t("security.title")}</h1>
          <p className="mt-2 text-slate-700">{t("security.signInFirst")}</p>
        </Card>
      </PageShell>
    );
  }
  if (!may(user, "enrol_authenticator_app")) {
    return (
      <PageShell>
        <Card>
          <SessionNotAllowed title={t("security.title")} />
          <SignOutForm action={accountSignOutAction} />
        </Card>
      </PageShell>
    );
  }
  const state = await authenticatorAppState(user.id, user.phone);
  return (
    <Messages prefixes={["security."]}>
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">{t("security.title")}</h1>
          {off && state.kind === "none" ? (
            <div className="mt-4">
              <Alert tone="info">{t("security.offNotice")}</Alert>
            </div>
          ) : null}
          {state.kind === "none" ? (
            <>
              <p className="mt-2 text-slate-700">{t("security.addIntro")}</p>
              <form action={startEnrolmentAction} className="mt-6">
                <button type="submit" className={primaryButton}>
                  {t("security.add")}
                </button>
              </form>
            </>
          ) : null}
          {state.kind === "enrolling" ? (
            <CodeThenRecoveryCodes action={confirmEnrolmentAction} submitLabel={t("security.turnOn")}>
              <h2 className="mt-4 text-lg font-semibold">{t("security.add")}</h2>
              <ol className="mt-2 list-decimal space-y-1 ps-5 text-slate-700">
                <li>{t("security.step1")}</li>
                <li>{t("security.step2")}</li>
              </ol>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated per user; nothing to optimise */}
              <img src={state.dataUrl} alt={t("security.qrAlt")} width={240} height={240} className="mx-auto mt-4" data-testid="totp-qr" />
              <p className="mt-2 text-sm text-slate-700">
                {t("security.key")}{" "}
                <code data-testid="totp-manual-key" className="break-all font-mono" dir="ltr">
                  {state.manualKey}
                </code>{" "}
                <CopyButton value={state.manualKey.replace(/\s/g, "")} label={t("security.copyKey")} words={{ copied: t("common.copied"), failed: t("common.copyFailed"), toClipboard: t("common.toClipboard") }} />
              </p>
            </CodeThenRecoveryCodes>
          ) : null}
          {state.kind === "on" ? (
            <>
              <p className="mt-2 text-slate-700" data-testid="totp-status">
                {t.rich("security.status", { since: state.since.toISOString().slice(0, 10), left: state.recoveryCodesLeft, b: (chunks) => <strong>{chunks}</strong> })}
              </p>
              <h2 className="mt-6 text-lg font-semibold">{t("security.newCodes")}</h2>
              <p className="mt-1 text-slate-700">{t("security.newCodesIntro")}</p>
              <CodeThenRecoveryCodes action={regenerateRecoveryCodesAction} submitLabel={t("security.makeNewCodes")} />
              <h2 className="mt-8 text-lg font-semibold">{t("security.turnOffTitle")}</h2>
              {offError ? (
                <div className="mt-2">
                  <Alert id="off-error">{t.has(`security.off.${offError}`) ? t(`security.off.${offError}` as "security.off.invalid") : t("common.somethingWrong")}</Alert>
                </div>
              ) : null}
              <form action={turnOffAction} className="mt-2 space-y-4">
                <div>
                  <label htmlFor="off-code" className="block text-sm font-medium text-slate-800">
                    {t("security.currentCode")}
                  </label>
                  <input id="off-code" name="off-code" dir="ltr" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required className={inputClass} />
                </div>
                <button type="submit" className={secondaryButton}>
                  {t("security.turnOff")}
                </button>
              </form>
            </>
          ) : null}
          <SignOutForm action={accountSignOutAction} />
        </Card>
      </PageShell>
    </Messages>
  );
}
