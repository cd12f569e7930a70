// GET /admin — the review queue: pending users and pending user intents, oldest first.
import Link from "next/link";
import { AdminShell, Panel } from "@/components/admin/AdminShell";
import { fullName, when } from "@/components/admin/format";
import { adminButton, adminInput, adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { reviewQueue } from "@/lib/admin/review-queue";
import { Pager } from "@/components/admin/Pager";
import { signOutAction } from "./actions";

export const metadata = { title: "Review queue" };

type Search = Promise<Record<string, string | undefined>>;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("reviewer");
  const { users_after, intents_after } = await searchParams;
  const queue = await reviewQueue({ usersAfter: users_after, intentsAfter: intents_after });
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">Review queue</h1>
        <form action="/admin/search" method="get" role="search" className="flex gap-2">
          <label htmlFor="q" className="sr-only">
            Search by phone, email or id
          </label>
          <input id="q" name="q" placeholder="Phone, email or id" className={`${adminInput} mt-0 w-64`} />
          <button type="submit" className={adminButton}>
            Search
          </button>
        </form>
      </div>
      <Panel title={`Pending users (${countLabel(queue.counts.users)})`} id="pending-users">
        {queue.users.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No users are waiting for review.</p>
        ) : (
          <div className="overflow-x-auto">
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
                {queue.users.rows.map((user) => (
                  <tr key={user.id}>
                    <td className={adminTd}>{when(user.createdAt)}</td>
                    <td className={adminTd}>
                      <Link href={`/admin/users/${user.id}`} className={adminLink}>
                        {fullName(user) === "—" ? user.id : fullName(user)}
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
        <Pager next={queue.users.next ? `/admin?users_after=${queue.users.next}${intents_after ? `&intents_after=${intents_after}` : ""}` : null} first={users_after ? "/admin" : null} />
      </Panel>
      <Panel title={`Pending user intents (${countLabel(queue.counts.intents)})`} id="pending-intents">
        {queue.intents.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No user intents are waiting for review.</p>
        ) : (
          <div className="overflow-x-auto">
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
                {queue.intents.rows.map((intent) => (
                  <tr key={intent.id}>
                    <td className={adminTd}>{when(intent.createdAt)}</td>
                    <td className={adminTd}>
                      <Link href={`/admin/intents/${intent.id}`} className={adminLink}>
                        {fullName(intent) === "—" ? intent.id : fullName(intent)}
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
        <Pager next={queue.intents.next ? `/admin?intents_after=${queue.intents.next}${users_after ? `&users_after=${users_after}` : ""}` : null} first={intents_after ? "/admin" : null} />
      </Panel>
    </AdminShell>
  );
}


function countLabel(count: { value: number; capped: boolean }): string {
  return `${count.value.toLocaleString("en-US")}${count.capped ? "+" : ""}`;
}
