// GET /admin/users/{id} — a user: profile, intents, status history, review decisions.
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminShell, Notice, Panel, StatusBadge } from "@/components/admin/AdminShell";
import { DecisionForm } from "@/components/admin/DecisionForm";
import { personLabel, when } from "@/components/admin/format";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { DECISION_LABELS, decisionsFor } from "@/lib/admin/status-decisions";
import { adminEmails, userDetail } from "@/lib/admin/user-detail";
import { decideAction, revealSecretAction, adminRevokeDeviceAction, adminEndUserSessionsAction, signOutAction } from "../../actions";
import { DevicesPanel } from "@/components/admin/DevicesPanel";
import { VerificationPanel } from "@/components/admin/VerificationPanel";
import { hasRole, requireAdmin } from "@/lib/admin/current-admin";
import { listDevicesForAdmin } from "@/lib/devices/manage-devices";
import { listVerificationSubmissions } from "@/lib/verification/submissions";
import { StatusHistory } from "@/components/admin/StatusHistory";
import { ReviewShortcutsHelp } from "@/components/admin/ReviewShortcutsHelp";
import { listReviewReasons } from "@/lib/admin/review-reasons";
import { nextInQueue, queueFilterOf, queueQueryOf } from "@/lib/admin/submission-queue";

export const metadata = { title: "User" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function UserPage({ params, searchParams }: Props) {
  const admin = await requireAdmin("reviewer");
  const { id } = await params;
  const query = await searchParams;
  const { notice, error, device, decided, previous, sessions } = query;
  const detail = await userDetail(id);
  if (!detail) notFound();
  const filter = queueFilterOf(query);
  const queue = queueQueryOf(filter);
  const [submissions, devices, reasons, next] = await Promise.all([
    listVerificationSubmissions(id),
    listDevicesForAdmin(id),
    listReviewReasons(),
    detail.user.status === "pending" ? nextInQueue(filter, id) : Promise.resolve(null),
  ]);
  const { user, intents, history } = detail;
  const actors = await adminEmails(history.map((event) => event.actorId));
  const decisions = decisionsFor("user", user.status).map((value) => ({ value, label: DECISION_LABELS[value] }));
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">
        {personLabel(user)} <StatusBadge status={user.status} />
      </h1>
      {notice ? <Notice tone="info">Status changed to {notice}.</Notice> : null}
      {decided && previous ? (
        <Notice tone="info">
          The previous user is now {decided}.{" "}
          <Link href={`/admin/users/${encodeURIComponent(previous)}`} className={adminLink}>
            Open them again
          </Link>
        </Notice>
      ) : null}
      {device === "revoked" ? <Notice tone="info">Device revoked; its sessions and tokens have ended.</Notice> : null}
      {sessions === "ended" ? <Notice tone="info">The user is signed out everywhere.</Notice> : null}
      {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
      <Panel title="Profile" id="profile">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-600">User id</dt>
          <dd className="font-mono">{user.id}</dd>
          <dt className="font-medium text-slate-600">Phone</dt>
          <dd>{user.phone}</dd>
          <dt className="font-medium text-slate-600">Email</dt>
          <dd>{user.email ?? "—"}</dd>
          <dt className="font-medium text-slate-600">Status</dt>
          <dd data-testid="user-status">{user.status}</dd>
          <dt className="font-medium text-slate-600">Created</dt>
          <dd>{when(user.createdAt)}</dd>
        </dl>
      </Panel>
      {/* The evidence first, then the decision about it. */}
      <Panel title="Verification submissions and documents" id="verification">
        {/* Reviewers see submissions (masked) and documents; only admins reveal a full SSN/EIN. */}
        <VerificationPanel submissions={submissions} canReveal={hasRole(admin, "admin")} revealAction={revealSecretAction} />
      </Panel>
      <Panel title="Decision" id="decision">
        <DecisionForm key={user.id} kind="user" id={user.id} decisions={decisions} action={decideAction} reasons={reasons} queue={queue} nextHref={next ? `/admin/users/${next}${queue ? `?${queue}` : ""}` : null} />
        <ReviewShortcutsHelp />
      </Panel>
      <Panel title="User intents" id="intents">
        {intents.length === 0 ? (
          <p className="text-sm text-slate-600">No user intents are linked to this user.</p>
        ) : (
          <table className={adminTable} aria-labelledby="intents">
            <thead>
              <tr>
                <th className={adminTh}>Intent</th>
                <th className={adminTh}>Partner</th>
                <th className={adminTh}>Status</th>
                <th className={adminTh}>Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {intents.map((intent) => (
                <tr key={intent.id}>
                  <td className={adminTd}>
                    <Link href={`/admin/intents/${intent.id}`} className={adminLink}>
                      {intent.id}
                    </Link>
                  </td>
                  <td className={adminTd}>{intent.client.name}</td>
                  <td className={adminTd}>
                    <StatusBadge status={intent.status} />
                  </td>
                  <td className={adminTd}>{when(intent.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Sessions" id="sessions">
        <form action={adminEndUserSessionsAction} className="flex flex-wrap items-end gap-2 text-sm">
          <input type="hidden" name="user_id" value={user.id} />
          <label className="flex flex-col">
            <span className="font-medium text-slate-600">Why sign this user out</span>
            <input name="reason" required maxLength={500} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 font-semibold text-white">
            Sign out everywhere
          </button>
        </form>
      </Panel>
      <Panel title="Status history" id="history">
        <StatusHistory events={history} actors={actors} />
      </Panel>
      <Panel title="Trusted devices" id="devices">
        {/* DEVICES-FACTORS: authenticator factors (issue 7) join this panel when that issue lands. */}
        <DevicesPanel userId={user.id} devices={devices} revokeAction={adminRevokeDeviceAction} />
      </Panel>
    </AdminShell>
  );
}
