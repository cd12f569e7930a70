"use client";
// A form's submit button that shows the pending state and cannot be pressed twice while the form
// is on its way. Before hydration (or without JavaScript) it is a plain submit button.
import { useFormStatus } from "react-dom";

export function SubmitButton({ children, pendingLabel, className, name, value }: { children: React.ReactNode; pendingLabel: string; className: string; name?: string; value?: string }) {
  const { pending, data } = useFormStatus();
  // With several submit buttons in one form only the pressed one says it is working.
  const mine = pending && (name === undefined || data?.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={className} disabled={pending} aria-disabled={pending || undefined}>
      {mine ? pendingLabel : children}
    </button>
  );
}
