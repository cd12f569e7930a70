// The user page's trusted devices: every device (revoked ones too), flagged ones highlighted, and a
// revoke form with a required reason for each live device (audited as device.revoked).
import { ConfirmSubmitButton } from "./ConfirmSubmitButton";
import { when } from "./format";
import { adminDangerButton, adminInput, adminSecondaryButton, adminTable, adminTd, adminTh } from "./ui";
import type { DeviceView } from "@/lib/devices/manage-devices";

export function DevicesPanel({ userId, devices, revokeAction }: { userId: string; devices: DeviceView[]; revokeAction: (form: FormData) => Promise<void> }) {
  if (devices.length === 0) return <p className="text-sm text-slate-600">This user has no trusted devices.</p>;
  return (
    <table className={adminTable} aria-label="Trusted devices">
      <thead>
        <tr>
          <th className={adminTh}>Device</th>
          <th className={adminTh}>Added</th>
          <th className={adminTh}>Last used</th>
          <th className={adminTh}>State</th>
          <th className={adminTh}>Revoke</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {devices.map((device) => {
          const state = device.revokedAt ? `revoked ${when(device.revokedAt)}` : device.flaggedAt ? `flagged ${when(device.flaggedAt)}` : "active";
          return (
            <tr key={device.id} data-testid="device-row" data-flagged={device.flaggedAt ? "true" : undefined} className={device.flaggedAt && !device.revokedAt ? "bg-amber-50" : undefined}>
              <td className={adminTd}>
                {device.name}
                <span className="block text-xs text-slate-500">
                  {device.deviceType}
                  {device.backedUp ? " · synced passkey" : ""}
                </span>
              </td>
              <td className={adminTd}>{when(device.createdAt)}</td>
              <td className={adminTd}>{device.lastUsedAt ? when(device.lastUsedAt) : "—"}</td>
              <td className={adminTd}>{device.flaggedAt && !device.revokedAt ? <strong className="text-amber-800">⚠ {state}</strong> : state}</td>
              <td className={adminTd}>
                {device.revokedAt ? null : (
                  <form action={revokeAction} className="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="user_id" value={userId} />
                    <input type="hidden" name="device_id" value={device.id} />
                    <label className="text-xs">
                      Reason
                      <input name="reason" required maxLength={500} className={adminInput} aria-label={`Reason to revoke ${device.name}`} />
                    </label>
                    <ConfirmSubmitButton label="Revoke…" question={`Revoke ${device.name}? Its sessions and tokens end at once.`} confirmLabel="Yes, revoke" className={adminDangerButton} cancelClassName={adminSecondaryButton} />
                  </form>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
