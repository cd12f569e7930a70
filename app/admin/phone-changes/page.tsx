// GET /admin/phone-changes — pending phone change requests, oldest first; approve or reject each
// with a required reason (reviewers and admins: a phone change is a decision about a user).
import Link from "next/link";
import { AdminShell, Notice, Panel } from "@/components/admin/AdminShell";
import { personLabel, when } from "@/components/admin/format";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { Pager } from "@/components/admin/Pager";
import { adminButton, adminDangerButton, adminInput, adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { phoneChangeQueue } from "@/lib/admin/phone-change-queue";
import { signOutAction } from "../actions";
import { decidePhoneChangeAction } from "./actions";

export const metadata = { title: "Phone changes" };

export default async function PhoneChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const admin = await requireAdmin("reviewer");
  const { after, notice, error } = await searchParams;
  const queue = await phoneChangeQueue({ after });
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Phone change requests</h1>
      {notice ? <Notice tone="info">Phone change request {notice}.</Notice> : null}
      {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
      <Panel title="Pending, oldest first" id="pending-phone-changes">
        {queue.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No phone change requests are waiting.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className={adminTable} aria-labelledby="pending-phone-changes">
              <thead>
                <tr>
                  <th className={adminTh}>Requested</th>
                  <th className={adminTh}>User</th>
                  <th className={adminTh}>Current phone</th>
                  <th className={adminTh}>New phone</th>
                  <th className={adminTh}>Decision</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {queue.rows.map((request) => (
                  <tr key={request.id} data-testid="phone-change-row">
                    <td className={adminTd}>{when(request.createdAt)}</td>
                    <td className={adminTd}>
                      <Link href={`/admin/users/${request.userId}`} className={adminLink}>
                        {personLabel(request.user)}
                      </Link>
                      <span className="block text-xs text-slate-500">{request.user.status}</span>
                    </td>
                    <td className={adminTd}>{request.oldPhone}</td>
                    <td className={adminTd}>{request.newPhone}</td>
                    <td className={adminTd}>
                      <form action={decidePhoneChangeAction} className="flex flex-wrap items-end gap-2">
                        <input type="hidden" name="request_id" value={request.id} />
                        <label className="text-xs">
                          Reason
                          <input name="reason" required maxLength={500} className={adminInput} aria-label={`Reason for ${request.newPhone}`} />
                        </label>
                        <button type="submit" name="decision" value="approve" className={adminButton}>
                          Approve
                        </button>
                        <button type="submit" name="decision" value="reject" className={adminDangerButton}>
                          Reject
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager next={queue.next ? `/admin/phone-changes?after=${queue.next}` : null} first={after ? "/admin/phone-changes" : null} />
      </Panel>
    </AdminShell>
  );
}
