// One labelled input with its hint and inline error (WCAG 3.3.1/3.3.2: errors named in text,
// tied to the input with aria-describedby, aria-invalid set). Rendered inside client forms (useT).
import { useT } from "@/components/i18n/I18nProvider";
import { inputClass } from "@/components/login/Button";

const selectClass = "mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-3 text-lg text-slate-900 focus:border-brand-600 aria-invalid:border-2 aria-invalid:border-red-600";

export function fieldId(name: string): string {
  return `f-${name}`;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: "text" | "date" | "number";
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "decimal";
  hint?: string;
  error?: string;
  defaultValue?: string;
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
}

export function Field({ name, label, type = "text", autoComplete, inputMode, hint, error, defaultValue, required = true, maxLength = 200, placeholder }: FieldProps) {
  const t = useT();
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? null : <span className="font-normal text-slate-600">{t("verify.optional")}</span>}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        defaultValue={defaultValue}
        maxLength={maxLength}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`${inputClass} aria-invalid:border-2 aria-invalid:border-red-600`}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({ name, label, options, error, defaultValue, autoComplete }: { name: string; label: string; options: readonly string[]; error?: string; defaultValue?: string; autoComplete?: string }) {
  const t = useT();
  const id = fieldId(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} autoComplete={autoComplete} defaultValue={defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={selectClass}>
        <option value="">{t("verify.choose")}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
