// One form per user or intent: a required reason and one button per decision the status machine
// allows from the current status (the server checks again).
import { adminButton, adminDangerButton, adminInput, adminLabel } from "./ui";

export function DecisionForm({
  kind,
  id,
  decisions,
  action,
}: {
  kind: "user" | "intent";
  id: string;
  decisions: { value: string; label: string }[];
  action: (form: FormData) => Promise<void>;
}) {
  if (decisions.length === 0) return <p className="text-sm text-slate-600">No decision is possible from this status.</p>;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <div>
        <label htmlFor="reason" className={adminLabel}>
          Reason (required, recorded in the audit log)
        </label>
        <textarea id="reason" name="reason" required maxLength={500} rows={2} className={adminInput} />
      </div>
      <div className="flex flex-wrap gap-2">
        {decisions.map((decision) => (
          <button
            key={decision.value}
            type="submit"
            name="decision"
            value={decision.value}
            className={["reject", "suspend"].includes(decision.value) ? adminDangerButton : adminButton}
          >
            {decision.label}
          </button>
        ))}
      </div>
    </form>
  );
}
