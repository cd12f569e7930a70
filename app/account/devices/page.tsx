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
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { accountSignOutAction, renameDeviceAction, revokeDeviceAction } from "../actions";

export const metadata = { title: "Trusted devices" };

type Search = Promise<Record<string, string | undefined>>;

const RESULTS: Record<string, { tone: "info" | "error"; text: string }> = {
  renamed: { tone: "info", text: "The device was renamed." },
  revoked: { tone: "info", text: "The device was removed. Sessions it signed in have ended." },
  device_not_found: { tone: "error", text: "That device is not one of yours." },
  validation_failed: { tone: "error", text: "Enter a name." },
};

function when(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never";
}

export default async function DevicesPage({ searchParams }: { searchParams: Search }) {
  const { result } = await searchParams;
  const user = await currentSessionUser();
  if (!user) {
    return (
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">Trusted devices</h1>
          {result === "signed_out" ? (
            <div className="mt-4">
              <Alert tone="info">You are signed out.</Alert>
            </div>
          ) : null}
          <p className="mt-3 text-slate-700">Sign in through an application that uses Trustgate to manage your devices.</p>
          <p className="mt-3 text-slate-700">
            Approving a sign-in from this device?{" "}
            <Link href="/account/approve" className="text-brand-700 underline">
              Check for sign-in requests
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
          <SessionNotAllowed title="Trusted devices" />
          <SignOutForm action={accountSignOutAction} />
        </Card>
      </PageShell>
    );
  }
  const devices = await listDevices(user.id);
  const notice = result ? RESULTS[result] : undefined;
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Trusted devices</h1>
        <p className="mt-2 text-slate-700">Devices with a passkey sign you in without a text message and can approve sign-ins on your other devices.</p>
        {notice ? (
          <div className="mt-4">
            <Alert tone={notice.tone}>{notice.text}</Alert>
          </div>
        ) : null}
        <div className="mt-6">
          <AddDeviceButton />
        </div>
        {devices.length === 0 ? <p className="mt-6 text-slate-700">No trusted devices yet.</p> : null}
        <ul className="mt-6 space-y-4" aria-label="Your trusted devices">
          {devices.map((device) => (
            <li key={device.id} className="rounded-lg border border-slate-300 p-4" data-testid="device">
              <p className="font-semibold text-slate-900" data-testid="device-name">
                {device.name}
              </p>
              <p className="text-sm text-slate-600">
                Added {when(device.createdAt)} · last used {when(device.lastUsedAt)}
                {device.backedUp ? " · synced passkey" : ""}
              </p>
              {device.flaggedAt ? (
                <div className="mt-2">
                  <Alert tone="warning">Blocked: this passkey may have been copied. Remove it.</Alert>
                </div>
              ) : null}
              <form action={renameDeviceAction} className="mt-3 flex gap-2">
                <input type="hidden" name="deviceId" value={device.id} />
                <label className="sr-only" htmlFor={`name-${device.id}`}>
                  New name for {device.name}
                </label>
                <input id={`name-${device.id}`} name="name" defaultValue={device.name} maxLength={64} required className={inputClass + " mt-0 text-base"} />
                <button type="submit" className="rounded-lg border border-slate-300 px-4 font-semibold">
                  Rename
                </button>
              </form>
              {/* Asks first, with or without JavaScript: the question opens under "Remove…". */}
              <details className="mt-3">
                <summary className={`${secondaryButton} cursor-pointer list-none text-center`} aria-label={`Remove ${device.name}…`}>
                  Remove…
                </summary>
                <form action={revokeDeviceAction} className="mt-3 space-y-2 rounded-lg border border-red-300 bg-red-50 p-3">
                  <input type="hidden" name="deviceId" value={device.id} />
                  <p className="text-sm text-red-900">Remove {device.name}? It can no longer sign you in, and the sessions it signed in end.</p>
                  <button type="submit" className="w-full rounded-lg bg-red-700 px-5 py-3 text-base font-semibold text-white hover:bg-red-800" aria-label={`Yes, remove ${device.name}`}>
                    Yes, remove
                  </button>
                </form>
              </details>
            </li>
          ))}
        </ul>
        <p className="mt-6">
          <Link href="/account/approve" className="text-brand-700 underline">
            Approve a sign-in on another device
          </Link>
        </p>
        <SignOutForm action={accountSignOutAction} />
      </Card>
    </PageShell>
  );
}
