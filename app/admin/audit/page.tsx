// GET /admin/audit — the audit log, newest first, with filters and keyset pages.
import { AdminShell, Notice, Panel } from "@/components/admin/AdminShell";
import { when } from "@/components/admin/format";
import { Pager } from "@/components/admin/Pager";
import { adminButton, adminInput, adminLabel, adminTable, adminTd, adminTh } from "@/components/admin/ui";
import { auditFilterSchema, auditLogPage, type AuditFilter } from "@/lib/admin/audit-log";
import { requireAdmin } from "@/lib/admin/current-admin";
import { adminEmails } from "@/lib/admin/user-detail";
import { signOutAction } from "../actions";

export const metadata = { title: "Audit log" };

type Search = Promise<Record<string, string | undefined>>;

const FIELDS = [
  { name: "actor", label: "Actor (admin id or admin, cli, system, user, client)", type: "text" },
  { name: "type", label: "Event type (e.g. user.updated, or admin. for a family)", type: "text" },
  { name: "target", label: "Target (user, intent, client or admin id)", type: "text" },
  { name: "from", label: "From (date)", type: "date" },
  { name: "to", label: "To (date)", type: "date" },
] as const;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const admin = await requireAdmin("reviewer");
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const page = await auditLogPage(filter);
  const actors = await adminEmails(page.rows.map((event) => (event.actorType === "admin" ? event.actorId : null)));
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1]) && entry[0] !== "after"));
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">Audit log</h1>
      {!parsed.success ? <Notice tone="error">Some filters were invalid and were ignored: {parsed.error.issues[0]?.message}</Notice> : null}
      <form action="/admin/audit" method="get" className="grid grid-cols-1 gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-3">
        {FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={`f-${field.name}`} className={adminLabel}>
              {field.label}
            </label>
            <input id={`f-${field.name}`} name={field.name} type={field.type} defaultValue={(filter as Record<string, string | undefined>)[field.name] ?? ""} className={adminInput} />
          </div>
        ))}
        <div className="flex items-end">
          <button type="submit" className={adminButton}>
            Filter
          </button>
        </div>
      </form>
      <Panel title="Events" id="events">
        {page.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No events match.</p>
        ) : (
          // Focusable and named, so a keyboard can scroll it (axe: scrollable-region-focusable).
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Audit events table">
            <table className={adminTable} aria-labelledby="events">
              <thead>
                <tr>
                  <th className={adminTh}>When</th>
                  <th className={adminTh}>Event</th>
                  <th className={adminTh}>Actor</th>
                  <th className={adminTh}>Target</th>
                  <th className={adminTh}>Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((event) => (
                  <tr key={event.id}>
                    <td className={`${adminTd} whitespace-nowrap`}>{when(event.createdAt)}</td>
                    <td className={`${adminTd} font-mono`}>{event.type}</td>
                    <td className={adminTd}>
                      {event.actorType}
                      {event.actorId ? `: ${actors.get(event.actorId) ?? event.actorId}` : ""}
                    </td>
                    <td className={`${adminTd} font-mono text-xs`}>{event.subjectId ?? event.userId ?? event.clientId ?? "—"}</td>
                    <td className={`${adminTd} min-w-64 max-w-xl text-xs`}>
                      <EventDetails data={event.data} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager next={page.next ? `/admin/audit?${new URLSearchParams([...query, ["after", page.next]]).toString()}` : null} first={filter.after ? `/admin/audit?${query.toString()}` : null} />
      </Panel>
    </AdminShell>
  );
}

/** An event's data as "key: value" lines that wrap, instead of one clipped JSON string. */
function EventDetails({ data }: { data: unknown }) {
  if (data === null || data === undefined) return null;
  if (typeof data !== "object" || Array.isArray(data)) return <span className="break-words font-mono">{JSON.stringify(data)}</span>;
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-2">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-medium text-slate-600">{key}</dt>
          <dd className="break-all font-mono">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
