"use client";
// /verify/personal — legal name, date of birth, SSN and home address. Validated on the server;
// the only script is React's form action (pending state, errors shown without a reload).
import { useActionState } from "react";
import { primaryButton } from "@/components/login/Button";
import { AddressFields } from "./AddressFields";
import { ErrorSummary } from "./ErrorSummary";
import { Field } from "./Field";
import type { VerifyFormAction } from "./form-state";
import { useFocusSummary } from "./useFocusSummary";

export function PersonalForm({ rid, action }: { rid: string; action: VerifyFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  useFocusSummary(state?.attempt);
  return (
    <form key={state?.attempt ?? 0} action={formAction} noValidate className="mt-6 space-y-6">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="rid" value={rid} />
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-900">Your legal name</legend>
        <Field name="first_name" label="First name" autoComplete="given-name" maxLength={100} error={errors.first_name} defaultValue={values.first_name} />
        <Field name="last_name" label="Last name" autoComplete="family-name" maxLength={100} error={errors.last_name} defaultValue={values.last_name} />
      </fieldset>
      <Field name="date_of_birth" label="Date of birth" type="date" autoComplete="bday" hint="You must be 18 or older." error={errors.date_of_birth} defaultValue={values.date_of_birth} />
      <Field
        name="ssn"
        label="Social Security number"
        inputMode="numeric"
        autoComplete="off"
        maxLength={11}
        placeholder="123-45-6789"
        hint="9 digits. Stored encrypted; only the last four digits are ever shown."
        error={errors.ssn}
      />
      <AddressFields legend="Home address" errors={errors} values={values} />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Sending…" : "Submit for review"}
      </button>
    </form>
  );
}
