"use client";
// The identity document form. Without JavaScript it is a plain multipart post (the browser cannot
// keep chosen files across the redirect). With it, the same post goes through fetch: a refused
// file is reported in place and the chosen files stay chosen; choosing a new file clears the
// error shown under that field; the button shows the upload is under way.
import { useT } from "@/components/i18n/I18nProvider";
import { documentFileMessage, uploadMessage } from "./document-messages";
import { useState } from "react";
import { primaryButton } from "@/components/login/Button";
import { ErrorSummary } from "./ErrorSummary";
import { fieldId } from "./Field";

export type UploadErrors = Partial<Record<"form" | "front" | "back", string>>;

function FileField({ name, label, hint, error, onChosen }: { name: "front" | "back"; label: string; hint: string; error?: string; onChosen: () => void }) {
  const id = fieldId(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
        {hint}
      </p>
      <input
        id={id}
        name={name}
        type="file"
        accept="image/jpeg,image/png,application/pdf"
        onChange={onChosen}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="mt-2 block w-full rounded-lg border border-slate-400 bg-white p-3 text-base text-slate-900 file:me-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-medium"
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** `initialErrors` come from the page (codes in the query after a plain post), already in words. */
export function DocumentUploadForm({ action, initialErrors }: { action: string; initialErrors: UploadErrors }) {
  const t = useT();
  const [errors, setErrors] = useState<UploadErrors>(initialErrors);
  const [pending, setPending] = useState(false);

  function errorsOf(url: URL): UploadErrors | null {
    const found: UploadErrors = {};
    for (const side of ["front", "back"] as const) {
      const code = url.searchParams.get(side);
      if (code) found[side] = documentFileMessage(t, code) ?? t("verify.chooseAgain");
    }
    const upload = url.searchParams.get("upload");
    if (upload) found.form = uploadMessage(t, upload) ?? t("verify.uploadFailed");
    return Object.keys(found).length ? found : null;
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    let location: string;
    try {
      const response = await fetch(action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      location = ((await response.json()) as { location: string }).location;
    } catch {
      // Whatever went wrong on the way, the plain post still works (and shows the server's page).
      return form.submit();
    }
    const next = new URL(location, window.location.href);
    const refused = next.origin === window.location.origin && next.pathname === window.location.pathname ? errorsOf(next) : null;
    if (!refused) return window.location.assign(next.toString());
    setPending(false);
    setErrors(refused);
    requestAnimationFrame(() => document.getElementById("error-summary")?.focus());
  }

  const clear = (name: "front" | "back") => () =>
    setErrors((current) => {
      const rest = { ...current };
      delete rest[name];
      return rest;
    });

  return (
    <form action={action} method="post" encType="multipart/form-data" onSubmit={submit} className="mt-6 space-y-6">
      <ErrorSummary errors={errors as Record<string, string>} labels={{ front: t("verify.front"), back: t("verify.back") }} />
      <FileField name="front" label={t("verify.frontOfId")} hint={t("verify.fileHint")} error={errors.front} onChosen={clear("front")} />
      <FileField name="back" label={t("verify.backOfId")} hint={t("verify.fileHint")} error={errors.back} onChosen={clear("back")} />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? t("verify.uploading") : t("verify.upload")}
      </button>
    </form>
  );
}
