// GET /admin — the review queue. By default only users with something to review (their latest
// verification submission: type, documents, partner, time waiting), oldest first, with filters,
// bulk approve with one reason, and the way into "Approve & next" on each user. "All pending"
// also lists pending users who have submitted nothing; pending user intents follow.
import Link from "next/link";
import { AdminShell, Notice, Panel } from "@/components/admin/AdminShell";
import { personLabel, when } from "@/components/admin/format";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { adminButton, adminInput, adminLabel, adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { reviewQueue } from "@/lib/admin/review-queue";
import { listReviewReasons } from "@/lib/admin/review-reasons";
import { queueFilterOf, queuePartners, queueQueryOf, submissionQueue, SUBMISSION_KINDS, waitingFor } from "@/lib/admin/submission-queue";
import { Pager } from "@/components/admin/Pager";
import { bulkApproveAction, signOutAction } from "./actions";

export const metadata = { title: "Review queue" };

type Search = Promise<Record<string, string | undefined>>;

const KIND_LABELS = { personal: "Personal details", business: "Business details", document: "ID document" } as const;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("reviewer");
  const query = await searchParams;
  const { users_after, intents_after, after, show, approved, failed, notice, error } = query;
  const filter = queueFilterOf(query);
  const queueQuery = queueQueryOf(filter);
  const showAll = show === "all";
  const [submitted, pending, partners, reasons] = await Promise.all([submissionQueue(filter, after), reviewQueue({ usersAfter: users_after, intentsAfter: intents_after }), queuePartners(), listReviewReasons()]);
  const approveReasons = reasons.filter((reason) => reason.decision === "approve");
  const withQueue = (path: string) => `${path}${queueQuery ? `?${queueQuery}` : ""}`;
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">Review queue</h1>
        <form action="/admin/search" method="get" role="search" className="flex gap-2">
          <label htmlFor="q" className="sr-only">
            Search by name, phone, email or id
          </label>
          <input id="q" name="q" placeholder="Name, phone, email or id" className={`${adminInput} mt-0 w-64`} />
          <button type="submit" className={adminButton}>
            Search
          </button>
        </form>
      </div>
      {approved !== undefined ? (
        <Notice tone="info">
          Approved {approved} user{approved === "1" ? "" : "s"}.{failed && failed !== "0" ? ` ${failed} could not be approved (no longer pending).` : ""}
        </Notice>
      ) : null}
      {notice === "queue_done" ? <Notice tone="info">Nothing more to review with these filters.</Notice> : null}
      {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
      <form action="/admin" method="get" className="flex flex-wrap items-end gap-3" aria-label="Queue filters">
        <div>
          <label htmlFor="queue-show" className={adminLabel}>
            Show
          </label>
          <select id="queue-show" name="show" defaultValue={showAll ? "all" : "submitted"} className={adminInput}>
            <option value="submitted">Users with a submission</option>
            <option value="all">All pending users</option>
          </select>
        </div>
        <div>
          <label htmlFor="queue-type" className={adminLabel}>
            Type
          </label>
          <select id="queue-type" name="type" defaultValue={filter.kind ?? ""} className={adminInput}>
            <option value="">Any</option>
            {SUBMISSION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-partner" className={adminLabel}>
            Partner
          </label>
          <select id="queue-partner" name="partner" defaultValue={filter.clientId ?? ""} className={adminInput}>
            <option value="">Any</option>
            {partners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="queue-sort" className={adminLabel}>
            Order
          </label>
          <select id="queue-sort" name="sort" defaultValue={filter.sort} className={adminInput}>
            <option value="oldest">Waiting longest first</option>
            <option value="newest">Newest first</option>
          </select>
        </div>
        <button type="submit" className={adminButton}>
          Apply
        </button>
      </form>
      {showAll ? null : (
        <Panel title="Users to review" id="to-review">
          {submitted.rows.length === 0 ? (
            <p className="text-sm text-slate-600">Nobody with a submission is waiting{queueQuery ? " with these filters" : ""}.</p>
          ) : (
            <form action={bulkApproveAction} className="space-y-3">
              <input type="hidden" name="queue" value={queueQuery} />
              <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Users to review table">
                <table className={adminTable} aria-labelledby="to-review">
                  <thead>
                    <tr>
                      <th className={adminTh}>
                        <span className="sr-only">Select</span>
                      </th>
                      <th className={adminTh}>Name</th>
                      <th className={adminTh}>Type</th>
                      <th className={adminTh}>Documents</th>
                      <th className={adminTh}>Partner</th>
                      <th className={adminTh}>Waiting</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {submitted.rows.map((row) => (
                      <tr key={row.submissionId} data-testid="queue-row">
                        <td className={adminTd}>
                          <input type="checkbox" name="user_id" value={row.userId} aria-label={`Select ${personLabel(row)}`} className="h-4 w-4" />
                        </td>
                        <td className={adminTd}>
                          <Link href={withQueue(`/admin/users/${row.userId}`)} className={adminLink}>
                            {personLabel(row)}
                          </Link>
                          <span className="block text-xs text-slate-600">{row.phone}</span>
                        </td>
                        <td className={adminTd}>{KIND_LABELS[row.kind]}</td>
                        <td className={adminTd}>{row.documents}</td>
                        <td className={adminTd}>{row.clientName ?? "—"}</td>
                        <td className={adminTd} title={when(row.submittedAt)}>
                          {waitingFor(row.submittedAt)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <fieldset className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 p-3">
                <legend className="px-1 text-sm font-semibold">Approve the selected users</legend>
                <div className="min-w-64 flex-1">
                  <label htmlFor="bulk-reason" className={adminLabel}>
                    Reason for all of them
                  </label>
                  <input id="bulk-reason" name="reason" required maxLength={500} list="approve-reasons" defaultValue={approveReasons[0]?.text ?? ""} className={adminInput} />
                  <datalist id="approve-reasons">
                    {approveReasons.map((reason) => (
                      <option key={reason.id} value={reason.text} />
                    ))}
                  </datalist>
                </div>
                <button type="submit" className={adminButton}>
                  Approve selected
                </button>
              </fieldset>
            </form>
          )}
          <Pager next={submitted.next ? `/admin?${new URLSearchParams([...new URLSearchParams(queueQuery), ["after", submitted.next]]).toString()}` : null} first={after ? withQueue("/admin") : null} />
          {submitted.rows[0] ? (
            <p className="mt-2 text-sm text-slate-700">
              <Link href={withQueue(`/admin/users/${submitted.rows[0].userId}`)} className={adminLink}>
                Start reviewing
              </Link>{" "}
              — on each user, <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono">a</kbd> approves and opens the next one.
            </p>
          ) : null}
        </Panel>
      )}
      {showAll ? (
        <Panel title={`All pending users (${countLabel(pending.counts.users)})`} id="pending-users">
          {pending.users.rows.length === 0 ? (
            <p className="text-sm text-slate-600">No users are waiting for review.</p>
          ) : (
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="All pending users table">
              <table className={adminTable} aria-labelledby="pending-users">
                <thead>
                  <tr>
                    <th className={adminTh}>Waiting since</th>
                    <th className={adminTh}>Name</th>
                    <th className={adminTh}>Phone</th>
                    <th className={adminTh}>Email</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {pending.users.rows.map((user) => (
                    <tr key={user.id}>
                      <td className={adminTd}>{when(user.createdAt)}</td>
                      <td className={adminTd}>
                        <Link href={`/admin/users/${user.id}`} className={adminLink}>
                          {personLabel(user)}
                        </Link>
                      </td>
                      <td className={adminTd}>{user.phone}</td>
                      <td className={adminTd}>{user.email ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager next={pending.users.next ? `/admin?show=all&users_after=${pending.users.next}${intents_after ? `&intents_after=${intents_after}` : ""}` : null} first={users_after ? "/admin?show=all" : null} />
        </Panel>
      ) : null}
      <Panel title={`Pending user intents (${countLabel(pending.counts.intents)})`} id="pending-intents">
        {pending.intents.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No user intents are waiting for review.</p>
        ) : (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Pending user intents table">
            <table className={adminTable} aria-labelledby="pending-intents">
              <thead>
                <tr>
                  <th className={adminTh}>Waiting since</th>
                  <th className={adminTh}>Name</th>
                  <th className={adminTh}>Partner</th>
                  <th className={adminTh}>Type</th>
                  <th className={adminTh}>Phone</th>
                  <th className={adminTh}>Email</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {pending.intents.rows.map((intent) => (
                  <tr key={intent.id}>
                    <td className={adminTd}>{when(intent.createdAt)}</td>
                    <td className={adminTd}>
                      <Link href={`/admin/intents/${intent.id}`} className={adminLink}>
                        {personLabel(intent)}
                      </Link>
                    </td>
                    <td className={adminTd}>{intent.client.name}</td>
                    <td className={adminTd}>{intent.type}</td>
                    <td className={adminTd}>{intent.phone}</td>
                    <td className={adminTd}>{intent.email}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager next={pending.intents.next ? `/admin?${showAll ? "show=all&" : ""}intents_after=${pending.intents.next}${users_after ? `&users_after=${users_after}` : ""}` : null} first={intents_after ? "/admin" : null} />
      </Panel>
    </AdminShell>
  );
}

function countLabel(count: { value: number; capped: boolean }): string {
  return `${count.value.toLocaleString("en-US")}${count.capped ? "+" : ""}`;
}
