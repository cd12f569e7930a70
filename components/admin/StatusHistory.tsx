import { when } from "./format";
import { adminTable, adminTd, adminTh } from "./ui";

interface HistoryEvent {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  data: unknown;
}

/** Status changes from the audit log, newest first, with who made them and why. */
export function StatusHistory({ events, actors }: { events: HistoryEvent[]; actors: Map<string, string> }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No status changes yet.</p>;
  return (
    <table className={adminTable}>
      <thead>
        <tr>
          <th className={adminTh}>When</th>
          <th className={adminTh}>Change</th>
          <th className={adminTh}>Reason</th>
          <th className={adminTh}>By</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {events.map((event) => {
          const data = (event.data ?? {}) as { from?: string; to?: string; reason?: string };
          const by = event.actorType === "admin" && event.actorId ? (actors.get(event.actorId) ?? event.actorId) : event.actorType;
          return (
            <tr key={event.id}>
              <td className={adminTd}>{when(event.createdAt)}</td>
              <td className={adminTd}>
                {data.from ?? "?"} → {data.to ?? "?"}
              </td>
              <td className={adminTd}>{data.reason ?? "—"}</td>
              <td className={adminTd}>{by}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
