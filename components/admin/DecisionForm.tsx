"use client";
// One form per user or intent: a required reason (typed, or picked from the canned reasons) and one
// button per decision the status machine allows from the current status (the server checks again).
// Reject and suspend ask for confirmation first. On a user from the queue, "Approve & next" and the
// keyboard shortcuts (listed on the page) decide and move on in one keystroke.
import { useEffect, useRef, useState } from "react";
import { adminButton, adminDangerButton, adminInput, adminLabel, adminSecondaryButton } from "./ui";

const DESTRUCTIVE = ["reject", "suspend"];

export interface CannedReason {
  id: string;
  decision: string;
  text: string;
}

export function DecisionForm({
  kind,
  id,
  decisions,
  action,
  reasons = [],
  queue = "",
  nextHref = null,
}: {
  kind: "user" | "intent";
  id: string;
  decisions: { value: string; label: string }[];
  action: (form: FormData) => Promise<void>;
  reasons?: CannedReason[];
  /** The queue's filter (query string), carried on to the next user. */
  queue?: string;
  /** Where "Skip" goes (the next user in the queue), when there is one. */
  nextHref?: string | null;
}) {
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const approveNextRef = useRef<HTMLButtonElement>(null);
  const canApprove = decisions.some((decision) => decision.value === "approve");
  const labels = Object.fromEntries(decisions.map((decision) => [decision.value, decision.label]));

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.altKey || event.ctrlKey || event.metaKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      if (event.key === "a" && canApprove && kind === "user") {
        event.preventDefault();
        // With no reason typed, the first canned approval reason is the reason.
        const fallback = reasons.find((r) => r.decision === "approve")?.text ?? "";
        const field = formRef.current?.elements.namedItem("reason") as HTMLTextAreaElement | null;
        if (field && !field.value.trim() && fallback) {
          field.value = fallback;
          setReason(fallback);
        }
        markNext(formRef.current, true);
        formRef.current?.requestSubmit(approveNextRef.current ?? undefined);
      } else if (event.key === "r") {
        event.preventDefault();
        (formRef.current?.elements.namedItem("reason") as HTMLTextAreaElement | null)?.focus();
      } else if (event.key === "n" && nextHref) {
        event.preventDefault();
        window.location.assign(nextHref);
      } else if (/^[1-9]$/.test(event.key)) {
        const picked = reasons[Number(event.key) - 1];
        if (picked) {
          event.preventDefault();
          setReason(picked.text);
        }
      }
    }
    window.addEventListener("keydown", onKey);
    // Marks the form once its shortcuts listen (for keys pressed right after a page change).
    formRef.current?.setAttribute("data-shortcuts", "on");
    return () => window.removeEventListener("keydown", onKey);
  }, [canApprove, kind, nextHref, reasons]);

  if (decisions.length === 0) return <p className="text-sm text-slate-600">No decision is possible from this status.</p>;
  const offered = reasons.filter((r) => labels[r.decision]);
  return (
    <form ref={formRef} action={action} className="space-y-3">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="queue" value={queue} />
      {confirming ? <input type="hidden" name="confirmed" value="yes" /> : null}
      {offered.length ? (
        <div>
          <label htmlFor="canned-reason" className={adminLabel}>
            Canned reason
          </label>
          <select id="canned-reason" className={adminInput} value="" onChange={(event) => event.target.value && setReason(event.target.value)}>
            <option value="">Pick one to fill in the reason…</option>
            {decisions
              .filter((decision) => offered.some((r) => r.decision === decision.value))
              .map((decision) => (
                <optgroup key={decision.value} label={decision.label}>
                  {offered
                    .filter((r) => r.decision === decision.value)
                    .map((r) => (
                      <option key={r.id} value={r.text}>
                        {reasons.indexOf(r) < 9 ? `${reasons.indexOf(r) + 1}. ` : ""}
                        {r.text}
                      </option>
                    ))}
                </optgroup>
              ))}
          </select>
        </div>
      ) : null}
      <div>
        <label htmlFor="reason" className={adminLabel}>
          Reason (required, recorded in the audit log)
        </label>
        <textarea id="reason" name="reason" required maxLength={500} rows={2} className={adminInput} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
      {confirming ? (
        <div role="group" aria-labelledby="decision-confirm" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3">
          <p id="decision-confirm" className="text-sm font-medium text-red-900">
            {labels[confirming]} this {kind}? The partner is told at once.
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="decision" value={confirming} className={adminDangerButton} autoFocus>
              Yes, {labels[confirming]?.toLowerCase()}
            </button>
            <button type="button" className={adminSecondaryButton} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {kind === "user" && canApprove ? (
            <>
              <input type="hidden" name="next" value="1" disabled />
              <button ref={approveNextRef} type="submit" name="decision" value="approve" className={adminButton} onClick={(event) => markNext(event.currentTarget.form, true)}>
                Approve &amp; next
              </button>
            </>
          ) : null}
          {decisions.map((decision) =>
            DESTRUCTIVE.includes(decision.value) ? (
              <button
                key={decision.value}
                type="button"
                className={adminDangerButton}
                onClick={() => {
                  if (formRef.current?.reportValidity()) setConfirming(decision.value);
                }}
              >
                {decision.label}…
              </button>
            ) : (
              <button key={decision.value} type="submit" name="decision" value={decision.value} className={adminButton} onClick={(event) => markNext(event.currentTarget.form, false)}>
                {decision.label}
              </button>
            ),
          )}
          {nextHref ? (
            <a href={nextHref} className={`${adminSecondaryButton} inline-block`}>
              Skip
            </a>
          ) : null}
        </div>
      )}
    </form>
  );
}

/** "Approve & next" sends next=1; the other buttons of the same form do not. */
function markNext(form: HTMLFormElement | null, next: boolean): void {
  const input = form?.elements.namedItem("next") as HTMLInputElement | null;
  if (input) input.disabled = !next;
}
