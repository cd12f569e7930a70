"use client";
// /verify/personal — legal name, date of birth, SSN and home address. Validated on the server;
// the only script is React's form action (pending state, errors shown without a reload).
import { useT } from "@/components/i18n/I18nProvider";
import { useActionState } from "react";
import { primaryButton } from "@/components/login/Button";
import { AddressFields } from "./AddressFields";
import { ErrorSummary } from "./ErrorSummary";
import { Field } from "./Field";
import type { VerifyFormAction } from "./form-state";
import { useFocusSummary } from "./useFocusSummary";

export function PersonalForm({ rid, action }: { rid: string; action: VerifyFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const t = useT();
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  useFocusSummary(state?.attempt);
  return (
    <form key={state?.attempt ?? 0} action={formAction} noValidate className="mt-6 space-y-6">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="rid" value={rid} />
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-900">{t("verify.legalName")}</legend>
        <Field name="first_name" label={t("verify.firstName")} autoComplete="given-name" maxLength={100} error={errors.first_name} defaultValue={values.first_name} />
        <Field name="last_name" label={t("verify.lastName")} autoComplete="family-name" maxLength={100} error={errors.last_name} defaultValue={values.last_name} />
      </fieldset>
      <Field name="date_of_birth" label={t("verify.dateOfBirth")} type="date" autoComplete="bday" hint={t("verify.adult")} error={errors.date_of_birth} defaultValue={values.date_of_birth} />
      <Field name="ssn" label={t("verify.ssn")} inputMode="numeric" autoComplete="off" maxLength={11} placeholder="123-45-6789" hint={t("verify.secretHint")} error={errors.ssn} />
      <AddressFields legend={t("verify.homeAddress")} errors={errors} values={values} />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? t("common.sending") : t("verify.submit")}
      </button>
    </form>
  );
}
