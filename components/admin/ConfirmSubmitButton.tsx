"use client";
// A destructive submit button that asks first: the first press shows the question with "Yes" and
// "Cancel"; only "Yes" submits the form (after the form's own validation passed).
import { useState } from "react";

export function ConfirmSubmitButton({ label, question, confirmLabel, className, cancelClassName }: { label: string; question: string; confirmLabel: string; className: string; cancelClassName: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className} onClick={(event) => event.currentTarget.form?.reportValidity() && setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question} className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-red-900">{question}</span>
      <button type="submit" className={className} autoFocus>
        {confirmLabel}
      </button>
      <button type="button" className={cancelClassName} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
