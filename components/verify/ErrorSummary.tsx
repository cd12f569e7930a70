// The list of problems at the top of a form (GOV.UK error summary pattern): announced as an
// alert, each entry links to its input.
import { useT } from "@/components/i18n/I18nProvider";
import { fieldId } from "./Field";

export function ErrorSummary({ errors, labels, id = "error-summary" }: { errors: Record<string, string>; labels?: Record<string, string>; id?: string }) {
  const t = useT();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div id={id} role="alert" tabIndex={-1} aria-labelledby={`${id}-title`} className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 focus:outline-2 focus:outline-red-600">
      <h2 id={`${id}-title`} className="font-semibold">
        {t("verify.problemCount", { count: entries.length })}
      </h2>
      <ul className="mt-2 list-disc space-y-1 ps-5">
        {entries.map(([name, message]) => (
          <li key={name}>
            {name === "form" ? (
              message
            ) : (
              <a href={`#${fieldId(name)}`} className="underline">
                {labels?.[name] ? `${labels[name]}: ` : ""}
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
