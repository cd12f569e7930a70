// The client page's risk-action rules (admins only): one JSON editor per action with its rules
// (validated by lib/risk-actions/rule-schema.ts on save, errors name the path), a form for a new action,
// and removal (the action falls back to the default outcome). Every change is audited.
import type { ActionResult } from "./ActionForm";
import { ActionForm } from "./ActionForm";
import { adminDangerButton, adminInput, adminLabel } from "./ui";
import type { StoredRuleSet } from "@/lib/risk-actions/rule-store";

type StateAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;

export function RulesPanel({ clientId, ruleSets, saveAction, deleteAction }: { clientId: string; ruleSets: StoredRuleSet[]; saveAction: StateAction; deleteAction: (form: FormData) => Promise<void> }) {
  const hidden = <input type="hidden" name="client_id" value={clientId} />;
  return (
    <div className="space-y-6">
      {ruleSets.length === 0 ? <p className="text-sm text-slate-600">No rules: every action uses the default outcome (CHALLENGE).</p> : null}
      {ruleSets.map((set) => (
        <div key={set.action} data-testid="rule-set" className="space-y-2">
          <h3 className="font-semibold">{set.action}</h3>
          <ActionForm action={saveAction} submitLabel={`Save rules for ${set.action}`}>
            {hidden}
            <input type="hidden" name="action" value={set.action} />
            <label htmlFor={`rules-${set.action}`} className={adminLabel}>
              Rules (JSON)
            </label>
            <textarea id={`rules-${set.action}`} name="rules" rows={8} defaultValue={JSON.stringify(set.ruleSet, null, 2)} className={`${adminInput} font-mono`} />
          </ActionForm>
          <form action={deleteAction}>
            {hidden}
            <input type="hidden" name="action" value={set.action} />
            <button type="submit" className={adminDangerButton}>
              Remove rules for {set.action}
            </button>
          </form>
        </div>
      ))}
      <div className="space-y-2">
        <h3 className="font-semibold">Rules for another action</h3>
        <ActionForm action={saveAction} submitLabel="Add rules">
          {hidden}
          <div>
            <label htmlFor="new-rule-action" className={adminLabel}>
              Action code
            </label>
            <input id="new-rule-action" name="action" required maxLength={64} className={adminInput} />
          </div>
          <div>
            <label htmlFor="new-rules" className={adminLabel}>
              New rules (JSON)
            </label>
            <textarea id="new-rules" name="rules" rows={6} defaultValue={'{\n  "defaultOutcome": "CHALLENGE",\n  "rules": []\n}'} className={`${adminInput} font-mono`} />
          </div>
        </ActionForm>
      </div>
    </div>
  );
}
