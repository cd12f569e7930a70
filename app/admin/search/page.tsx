// GET /admin/search?q= — find users and intents by id, phone, email or name (whole or partial, indexed).
import Link from "next/link";
import { AdminShell, Panel, StatusBadge } from "@/components/admin/AdminShell";
import { personLabel, when } from "@/components/admin/format";
import { adminButton, adminInput, adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { searchPeople } from "@/lib/admin/search";
import { signOutAction } from "../actions";

export const metadata = { title: "Search" };

type Search = Promise<Record<string, string | undefined>>;

export default async function SearchPage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("reviewer");
  const { q = "" } = await searchParams;
  const result = q.trim() ? await searchPeople(q) : null;
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Search</h1>
      <form action="/admin/search" method="get" role="search" className="flex gap-2">
        <label htmlFor="q" className="sr-only">
          Name, phone, email or id
        </label>
        <input id="q" name="q" defaultValue={q} placeholder="Name, phone, email or id" className={`${adminInput} mt-0 max-w-md`} />
        <button type="submit" className={adminButton}>
          Search
        </button>
      </form>
      {result && result.kind === "none" ? <p className="text-sm text-slate-700">Enter at least two letters of a name, the start of an email, four or more digits of a phone number, or an id.</p> : null}
      {result && result.kind !== "none" ? (
        <>
          <Panel title={`Users (${result.users.length})`} id="users">
            <table className={adminTable} aria-labelledby="users">
              <thead>
                <tr>
                  <th className={adminTh}>Name</th>
                  <th className={adminTh}>Phone</th>
                  <th className={adminTh}>Email</th>
                  <th className={adminTh}>Status</th>
                  <th className={adminTh}>Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.users.map((user) => (
                  <tr key={user.id}>
                    <td className={adminTd}>
                      <Link href={`/admin/users/${user.id}`} className={adminLink}>
                        {personLabel(user)}
                      </Link>
                    </td>
                    <td className={adminTd}>{user.phone}</td>
                    <td className={adminTd}>{user.email ?? "—"}</td>
                    <td className={adminTd}>
                      <StatusBadge status={user.status} />
                    </td>
                    <td className={adminTd}>{when(user.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title={`User intents (${result.intents.length})`} id="intents">
            <table className={adminTable} aria-labelledby="intents">
              <thead>
                <tr>
                  <th className={adminTh}>Name</th>
                  <th className={adminTh}>Partner</th>
                  <th className={adminTh}>Phone</th>
                  <th className={adminTh}>Email</th>
                  <th className={adminTh}>Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.intents.map((intent) => (
                  <tr key={intent.id}>
                    <td className={adminTd}>
                      <Link href={`/admin/intents/${intent.id}`} className={adminLink}>
                        {personLabel(intent)}
                      </Link>
                    </td>
                    <td className={adminTd}>{intent.client.name}</td>
                    <td className={adminTd}>{intent.phone}</td>
                    <td className={adminTd}>{intent.email}</td>
                    <td className={adminTd}>
                      <StatusBadge status={intent.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        </>
      ) : null}
    </AdminShell>
  );
}
