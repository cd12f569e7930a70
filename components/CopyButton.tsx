"use client";
// Copies a value shown once (client secret, TOTP key, recovery codes) to the clipboard and says so.
import { useState } from "react";

/** `words`: the texts in the page's language (hosted pages pass them; the admin dashboard is English). */
export function CopyButton({
  value,
  label = "Copy",
  className = "",
  words = { copied: "Copied", failed: "Copy failed: select the text", toClipboard: " to the clipboard" },
}: {
  value: string;
  label?: string;
  className?: string;
  words?: { copied: string; failed: string; toClipboard: string };
}) {
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
      {copied === "yes" ? words.copied : copied === "failed" ? words.failed : label}
      <span className="sr-only" aria-live="polite">
        {copied === "yes" ? words.toClipboard : ""}
      </span>
    </button>
  );
}
