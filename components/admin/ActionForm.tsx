"use client";
// A dashboard form whose server action answers with a result to show in place: a confirmation,
// an error, or a secret shown exactly once (client secrets are never stored in clear).
// With JavaScript the form is submitted by hand (not reset by React after the action), so what
// was typed stays when the server refuses it; `confirm` asks before a destructive action runs.
import { startTransition, useActionState, useState } from "react";
import { CopyButton } from "@/components/CopyButton";
import { adminButton, adminDangerButton, adminSecondaryButton } from "./ui";

export interface ActionResult {
  ok?: string;
  error?: string;
  /** Shown once, with a label. */
  secret?: { label: string; value: string };
  /** A second secret shown once (a new client's callback signing secret). */
  signingSecret?: { label: string; value: string };
}

export function ActionForm({
  action,
  submitLabel,
  children,
  className = "space-y-3",
  confirm,
}: {
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  submitLabel: string;
  children?: React.ReactNode;
  className?: string;
  /** Asked before the action runs: the question and the label of the button that goes ahead. */
  confirm?: { question: string; confirmLabel: string };
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (confirm && !confirming) return setConfirming(true);
    setConfirming(false);
    const data = new FormData(form, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(async () => {
      formAction(data);
    });
  }

  return (
    <form action={formAction} onSubmit={submit} className={className}>
      {children}
      {result?.error ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {result.error}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="text-sm font-medium text-emerald-800">
          {result.ok}
        </p>
      ) : null}
      {result?.secret ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="flex flex-wrap items-center justify-between gap-2 font-semibold">
            {result.secret.label} — shown only now; store it safely.
            <CopyButton value={result.secret.value} label={`Copy ${result.secret.label}`} />
          </p>
          <code data-testid="one-time-secret" className="mt-1 block break-all font-mono">
            {result.secret.value}
          </code>
        </div>
      ) : null}
      {result?.signingSecret ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-semibold">{result.signingSecret.label} — shown only now; store it safely.</p>
          <code data-testid="one-time-signing-secret" className="mt-1 block break-all font-mono">
            {result.signingSecret.value}
          </code>
        </div>
      ) : null}
      {confirming && confirm ? (
        <div role="group" aria-labelledby="confirm-question" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3">
          <p id="confirm-question" className="text-sm font-medium text-red-900">
            {confirm.question}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={adminDangerButton} autoFocus>
              {confirm.confirmLabel}
            </button>
            <button type="button" className={adminSecondaryButton} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className={adminButton} disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      )}
    </form>
  );
}
