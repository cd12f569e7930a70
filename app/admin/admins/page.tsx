// GET /admin/admins — dashboard accounts (admins only): create, disable/enable, reset TOTP.
import { ActionForm } from "@/components/admin/ActionForm";
import { AdminShell, Panel } from "@/components/admin/AdminShell";
import { when } from "@/components/admin/format";
import { adminInput, adminLabel, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { listAdmins } from "@/lib/admin/manage-admins";
import { signOutAction } from "../actions";
import { adminAccountAction, createAdminAction } from "./actions";

export const metadata = { title: "Admins" };

export default async function AdminsPage() {
  const admin = await requireAdmin("admin");
  const admins = await listAdmins();
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Admins</h1>
      <Panel title="Accounts" id="accounts">
        <div className="overflow-x-auto">
          <table className={adminTable} aria-labelledby="accounts">
            <thead>
              <tr>
                <th className={adminTh}>Email</th>
                <th className={adminTh}>Role</th>
                <th className={adminTh}>Authenticator</th>
                <th className={adminTh}>Last sign-in</th>
                <th className={adminTh}>State</th>
                <th className={adminTh}>Manage</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {admins.map((row) => (
                <tr key={row.id}>
                  <td className={adminTd}>{row.email}</td>
                  <td className={adminTd}>{row.role}</td>
                  <td className={adminTd}>{row.totpSecretEnc ? "enrolled" : "not enrolled"}</td>
                  <td className={adminTd}>{row.lastLoginAt ? when(row.lastLoginAt) : "never"}</td>
                  <td className={adminTd}>{row.disabledAt ? "disabled" : row.lockedUntil && row.lockedUntil > new Date() ? "locked" : "active"}</td>
                  <td className={adminTd}>
                    {row.id === admin.id ? (
                      <span className="text-slate-500">you</span>
                    ) : (
                      <div className="flex flex-wrap gap-2">
                        <ActionForm action={adminAccountAction} submitLabel={row.disabledAt ? "Enable" : "Disable"} className="inline">
                          <input type="hidden" name="admin_id" value={row.id} />
                          <input type="hidden" name="operation" value={row.disabledAt ? "enable" : "disable"} />
                        </ActionForm>
                        {row.totpSecretEnc ? (
                          <ActionForm action={adminAccountAction} submitLabel="Reset authenticator" className="inline">
                            <input type="hidden" name="admin_id" value={row.id} />
                            <input type="hidden" name="operation" value="reset_totp" />
                          </ActionForm>
                        ) : null}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel title="Create an admin" id="create">
        <ActionForm action={createAdminAction} submitLabel="Create admin">
          <div>
            <label htmlFor="email" className={adminLabel}>
              Email
            </label>
            <input id="email" name="email" type="email" required className={adminInput} />
          </div>
          <div>
            <label htmlFor="password" className={adminLabel}>
              Initial password (12–128 characters)
            </label>
            <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} className={adminInput} />
          </div>
          <div>
            <label htmlFor="role" className={adminLabel}>
              Role
            </label>
            <select id="role" name="role" className={adminInput} defaultValue="reviewer">
              <option value="reviewer">reviewer (review queue, decisions, audit log)</option>
              <option value="admin">admin (also clients and admins)</option>
            </select>
          </div>
        </ActionForm>
      </Panel>
    </AdminShell>
  );
}
