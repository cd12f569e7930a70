// GET /account/devices — the signed-in user's trusted devices: add this one, rename, revoke.
import Link from "next/link";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { inputClass, secondaryButton } from "@/components/login/Button";
import { AddDeviceButton } from "@/components/devices/AddDeviceButton";
import { listDevices } from "@/lib/devices/manage-devices";
import { SessionNotAllowed } from "@/components/account/SessionNotAllowed";
import { SignOutForm } from "@/components/account/SignOutForm";
import { getT } from "@/lib/i18n/request";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { accountSignOutAction, renameDeviceAction, revokeDeviceAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("devices.title") };
}

type Search = Promise<Record<string, string | undefined>>;

const RESULTS = {
  renamed: { tone: "info", text: "devices.renamed" },
  revoked: { tone: "info", text: "devices.revoked" },
  device_not_found: { tone: "error", text: "devices.device_not_found" },
  validation_failed: { tone: "error", text: "devices.validation_failed" },
} as const;

function when(date: Date | null, never: string): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 16) + " UTC" : never;
}

export default async function DevicesPage({ searchParams }: { searchParams: Search }) {
  const { result } = await searchParams;
  const user = await currentSessionUser();
  const t = await getT();
  if (!user) {
    return (
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">{t("devices.title")}</h1>
          {result === "signed_out" ? (
            <div className="mt-4">
              <Alert tone="info">{t("devices.signedOut")}</Alert>
            </div>
          ) : null}
          <p className="mt-3 text-slate-700">{t("devices.signInFirst")}</p>
          <p className="mt-3 text-slate-700">
            {t("devices.approvingHere")}{" "}
            <Link href="/account/approve" className="text-brand-700 underline">
              {t("device.checkRequests")}
            </Link>
            .
          </p>
        </Card>
      </PageShell>
    );
  }
  if (!may(user, "manage_devices")) {
    return (
      <PageShell>
        <Card>
          <SessionNotAllowed title={t("devices.title")} />
          <SignOutForm action={accountSignOutAction} />
        </Card>
      </PageShell>
    );
  }
  const devices = await listDevices(user.id);
  const notice = result && Object.hasOwn(RESULTS, result) ? RESULTS[result as keyof typeof RESULTS] : undefined;
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{t("devices.title")}</h1>
        <p className="mt-2 text-slate-700">{t("devices.intro")}</p>
        {notice ? (
          <div className="mt-4">
            <Alert tone={notice.tone}>{t(notice.text)}</Alert>
          </div>
        ) : null}
        <div className="mt-6">
          <AddDeviceButton />
        </div>
        {devices.length === 0 ? <p className="mt-6 text-slate-700">{t("devices.none")}</p> : null}
        <ul className="mt-6 space-y-4" aria-label={t("devices.listLabel")}>
          {devices.map((device) => (
            <li key={device.id} className="rounded-lg border border-slate-300 p-4" data-testid="device">
              <p className="font-semibold text-slate-900" data-testid="device-name">
                {device.name}
              </p>
              <p className="text-sm text-slate-600">
                {t("devices.usage", { added: when(device.createdAt, t("devices.never")), lastUsed: when(device.lastUsedAt, t("devices.never")) })}
                {device.backedUp ? t("devices.synced") : ""}
              </p>
              {device.flaggedAt ? (
                <div className="mt-2">
                  <Alert tone="warning">{t("devices.blocked")}</Alert>
                </div>
              ) : null}
              <form action={renameDeviceAction} className="mt-3 flex gap-2">
                <input type="hidden" name="deviceId" value={device.id} />
                <label className="sr-only" htmlFor={`name-${device.id}`}>
                  {t("devices.newName", { name: device.name })}
                </label>
                <input id={`name-${device.id}`} name="name" defaultValue={device.name} maxLength={64} required className={inputClass + " mt-0 text-base"} />
                <button type="submit" className="rounded-lg border border-slate-300 px-4 font-semibold">
                  {t("devices.rename")}
                </button>
              </form>
              {/* Asks first, with or without JavaScript: the question opens under "Remove…". */}
              <details className="mt-3">
                <summary className={`${secondaryButton} cursor-pointer list-none text-center`} aria-label={t("devices.removeLabel", { name: device.name })}>
                  {t("devices.remove")}
                </summary>
                <form action={revokeDeviceAction} className="mt-3 space-y-2 rounded-lg border border-red-300 bg-red-50 p-3">
                  <input type="hidden" name="deviceId" value={device.id} />
                  <p className="text-sm text-red-900">{t("devices.removeQuestion", { name: device.name })}</p>
                  <button type="submit" className="w-full rounded-lg bg-red-700 px-5 py-3 text-base font-semibold text-white hover:bg-red-800" aria-label={t("devices.yesRemoveLabel", { name: device.name })}>
                    {t("devices.yesRemove")}
                  </button>
                </form>
              </details>
            </li>
          ))}
        </ul>
        <p className="mt-6">
          <Link href="/account/approve" className="text-brand-700 underline">
            {t("devices.approveOther")}
          </Link>
        </p>
        <SignOutForm action={accountSignOutAction} />
      </Card>
    </PageShell>
  );
}
