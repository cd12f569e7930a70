"use client";
// Copies a value shown once (client secret, TOTP key, recovery codes) to the clipboard and says so.
import { useState } from "react";

export function CopyButton({ value, label = "Copy", className = "" }: { value: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <button
      type="button"
      className={`rounded-md border border-slate-400 bg-white px-2 py-1 text-xs font-semibold text-slate-800 hover:bg-slate-50 ${className}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied("yes");
        } catch {
          setCopied("failed");
        }
        setTimeout(() => setCopied(null), 2500);
      }}
    >
      {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed: select the text" : label}
      <span className="sr-only" aria-live="polite">
        {copied === "yes" ? " to the clipboard" : ""}
      </span>
    </button>
  );
}
