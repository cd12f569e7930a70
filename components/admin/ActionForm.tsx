"use client";
// A dashboard form whose server action answers with a result to show in place: a confirmation,
// an error, or a secret shown exactly once (client secrets are never stored in clear).
import { useActionState } from "react";
import { adminButton } from "./ui";

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
}: {
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  submitLabel: string;
  children?: React.ReactNode;
  className?: string;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
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
          <p className="font-semibold">{result.secret.label} — shown only now; store it safely.</p>
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
      <button type="submit" className={adminButton} disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
