// GET /admin/reasons — the canned reasons reviewers pick on a decision, per decision; admins add
// and delete them (audited as review_reason.added / review_reason.deleted).
import { AdminShell, Notice, Panel } from "@/components/admin/AdminShell";
import { ConfirmSubmitButton } from "@/components/admin/ConfirmSubmitButton";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { adminButton, adminDangerButton, adminInput, adminLabel, adminSecondaryButton } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { listReviewReasons } from "@/lib/admin/review-reasons";
import { DECISION_LABELS, DECISIONS } from "@/lib/admin/status-decisions";
import { addReviewReasonAction, deleteReviewReasonAction, signOutAction } from "../actions";

export const metadata = { title: "Canned reasons" };

type Search = Promise<Record<string, string | undefined>>;

export default async function ReasonsPage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("admin");
  const { notice, error } = await searchParams;
  const reasons = await listReviewReasons();
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Canned reasons</h1>
      <p className="text-sm text-slate-700">Reviewers pick these on a decision (keys 1–9 on the user page) instead of typing the same reason again.</p>
      {notice ? <Notice tone="info">Reason {notice}.</Notice> : null}
      {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
      {DECISIONS.map((decision) => {
        const mine = reasons.filter((reason) => reason.decision === decision);
        return (
          <Panel key={decision} title={DECISION_LABELS[decision]} id={`reasons-${decision}`}>
            {mine.length === 0 ? <p className="text-sm text-slate-600">No canned reasons.</p> : null}
            <ul className="space-y-2">
              {mine.map((reason) => (
                <li key={reason.id} className="flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="canned-reason">
                  <span>{reason.text}</span>
                  <form action={deleteReviewReasonAction}>
                    <input type="hidden" name="id" value={reason.id} />
                    <ConfirmSubmitButton label="Delete…" question="Delete this reason?" confirmLabel="Yes, delete" className={adminDangerButton} cancelClassName={adminSecondaryButton} />
                  </form>
                </li>
              ))}
            </ul>
          </Panel>
        );
      })}
      <Panel title="Add a reason" id="add-reason">
        <form action={addReviewReasonAction} className="space-y-3">
          <div>
            <label htmlFor="reason-decision" className={adminLabel}>
              Decision
            </label>
            <select id="reason-decision" name="decision" className={adminInput} defaultValue="approve">
              {DECISIONS.map((decision) => (
                <option key={decision} value={decision}>
                  {DECISION_LABELS[decision]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="reason-text" className={adminLabel}>
              Reason
            </label>
            <input id="reason-text" name="text" required maxLength={500} className={adminInput} />
          </div>
          <button type="submit" className={adminButton}>
            Add reason
          </button>
        </form>
      </Panel>
    </AdminShell>
  );
}
