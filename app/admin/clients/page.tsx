// GET /admin/clients — partner clients (admins only), and a form to create one.
import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { AdminShell, Panel } from "@/components/admin/AdminShell";
import { when } from "@/components/admin/format";
import { Pager } from "@/components/admin/Pager";
import { adminInput, adminLabel, adminLink, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { clientsPage } from "@/lib/admin/client-pages";
import { requireAdmin } from "@/lib/admin/current-admin";
import { signOutAction } from "../actions";
import { createClientAction } from "./actions";

export const metadata = { title: "Clients" };

type Search = Promise<Record<string, string | undefined>>;

export default async function ClientsPage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("admin");
  const { after } = await searchParams;
  const page = await clientsPage(after);
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Partner clients</h1>
      <Panel title="Clients" id="clients">
        <div className="overflow-x-auto">
          <table className={adminTable} aria-labelledby="clients">
            <thead>
              <tr>
                <th className={adminTh}>Name</th>
                <th className={adminTh}>client_id</th>
                <th className={adminTh}>Type</th>
                <th className={adminTh}>Redirect URIs</th>
                <th className={adminTh}>Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((client) => (
                <tr key={client.id}>
                  <td className={adminTd}>
                    <Link href={`/admin/clients/${client.id}`} className={adminLink}>
                      {client.name}
                    </Link>
                    {client.demo ? " (demo)" : ""}
                  </td>
                  <td className={`${adminTd} font-mono text-xs`}>{client.id}</td>
                  <td className={adminTd}>{client.type}</td>
                  <td className={`${adminTd} break-all text-xs`}>{client.redirectUris.join(", ")}</td>
                  <td className={adminTd}>{when(client.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager next={page.next ? `/admin/clients?after=${page.next}` : null} first={after ? "/admin/clients" : null} />
      </Panel>
      <Panel title="Create a client" id="create">
        <ActionForm action={createClientAction} submitLabel="Create client">
          <div>
            <label htmlFor="name" className={adminLabel}>
              Name
            </label>
            <input id="name" name="name" required maxLength={120} className={adminInput} />
          </div>
          <div>
            <label htmlFor="redirect_uris" className={adminLabel}>
              Redirect URIs (one per line)
            </label>
            <textarea id="redirect_uris" name="redirect_uris" required rows={3} className={adminInput} />
          </div>
          <div>
            <label htmlFor="type" className={adminLabel}>
              Type
            </label>
            <select id="type" name="type" className={adminInput} defaultValue="confidential">
              <option value="confidential">confidential (server-side, has a secret)</option>
              <option value="public">public (PKCE, no secret)</option>
            </select>
          </div>
        </ActionForm>
      </Panel>
    </AdminShell>
  );
}
