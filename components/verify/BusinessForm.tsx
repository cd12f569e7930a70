"use client";
// /verify/business — the business, its controller (a person who manages it) and the beneficial
// owners (each person who owns 25 % or more; up to four). Validated on the server.
import { useActionState } from "react";
import { primaryButton } from "@/components/login/Button";
import { AddressFields } from "./AddressFields";
import { ErrorSummary } from "./ErrorSummary";
import { Field } from "./Field";
import type { VerifyFormAction } from "./form-state";
import { useFocusSummary } from "./useFocusSummary";

const OWNER_SLOTS = [1, 2, 3, 4];

export function BusinessForm({ rid, action }: { rid: string; action: VerifyFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  useFocusSummary(state?.attempt);
  return (
    <form key={state?.attempt ?? 0} action={formAction} noValidate className="mt-6 space-y-8">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="rid" value={rid} />
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold text-slate-900">The business</legend>
        <Field name="business_name" label="Legal business name" autoComplete="organization" error={errors.business_name} defaultValue={values.business_name} />
        <Field
          name="ein"
          label="Employer Identification Number (EIN)"
          inputMode="numeric"
          autoComplete="off"
          maxLength={10}
          placeholder="12-3456789"
          hint="9 digits. Stored encrypted; only the last four digits are ever shown."
          error={errors.ein}
        />
      </fieldset>
      <AddressFields prefix="business_" legend="Business address" errors={errors} values={values} />

      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold text-slate-900">Controller</legend>
        <p className="text-sm text-slate-600">A person with significant responsibility for managing the business, such as its CEO, CFO or managing member.</p>
        <Field name="controller_first_name" label="First name" maxLength={100} error={errors.controller_first_name} defaultValue={values.controller_first_name} />
        <Field name="controller_last_name" label="Last name" maxLength={100} error={errors.controller_last_name} defaultValue={values.controller_last_name} />
        <Field name="controller_title" label="Job title" maxLength={100} error={errors.controller_title} defaultValue={values.controller_title} />
        <Field name="controller_date_of_birth" label="Date of birth" type="date" error={errors.controller_date_of_birth} defaultValue={values.controller_date_of_birth} />
        <Field name="controller_ssn" label="Social Security number" inputMode="numeric" autoComplete="off" maxLength={11} placeholder="123-45-6789" error={errors.controller_ssn} />
      </fieldset>
      <AddressFields prefix="controller_" legend="Controller's home address" errors={errors} values={values} />

      <section aria-labelledby="owners-title" className="space-y-4">
        <h2 id="owners-title" className="text-lg font-semibold text-slate-900">
          Beneficial owners
        </h2>
        <p id="owners-hint" className="text-sm text-slate-600">
          List each person who owns 25% or more of the business (at most four). Leave the rest empty; a business may have none.
        </p>
        {errors.owners ? (
          <p id="f-owners" tabIndex={-1} className="text-sm font-medium text-red-700">
            {errors.owners}
          </p>
        ) : null}
        {OWNER_SLOTS.map((slot) => {
          const p = `owner${slot}_`;
          const open = slot === 1 || ["first_name", "last_name", "date_of_birth", "percent"].some((f) => values[`${p}${f}`] || errors[`${p}${f}`]);
          return (
            <details key={slot} open={open} className="rounded-lg border border-slate-200 p-4">
              <summary className="cursor-pointer font-medium text-slate-800">Owner {slot} (optional)</summary>
              <fieldset className="mt-4 space-y-4">
                <legend className="sr-only">Owner {slot}</legend>
                <Field name={`${p}first_name`} label="First name" required={false} maxLength={100} error={errors[`${p}first_name`]} defaultValue={values[`${p}first_name`]} />
                <Field name={`${p}last_name`} label="Last name" required={false} maxLength={100} error={errors[`${p}last_name`]} defaultValue={values[`${p}last_name`]} />
                <Field name={`${p}date_of_birth`} label="Date of birth" type="date" required={false} error={errors[`${p}date_of_birth`]} defaultValue={values[`${p}date_of_birth`]} />
                <Field name={`${p}percent`} label="Ownership (%)" inputMode="decimal" required={false} maxLength={6} error={errors[`${p}percent`]} defaultValue={values[`${p}percent`]} />
              </fieldset>
            </details>
          );
        })}
      </section>
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Sending…" : "Submit for review"}
      </button>
    </form>
  );
}
