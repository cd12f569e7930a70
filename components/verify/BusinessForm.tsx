"use client";
// /verify/business — the business, its controller (a person who manages it) and the beneficial
// owners (each person who owns 25 % or more; up to four). Validated on the server.
import { useT } from "@/components/i18n/I18nProvider";
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
  const t = useT();
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  useFocusSummary(state?.attempt);
  return (
    <form key={state?.attempt ?? 0} action={formAction} noValidate className="mt-6 space-y-8">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="rid" value={rid} />
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold text-slate-900">{t("verify.theBusiness")}</legend>
        <Field name="business_name" label={t("verify.businessName")} autoComplete="organization" error={errors.business_name} defaultValue={values.business_name} />
        <Field name="ein" label={t("verify.ein")} inputMode="numeric" autoComplete="off" maxLength={10} placeholder="12-3456789" hint={t("verify.secretHint")} error={errors.ein} />
      </fieldset>
      <AddressFields prefix="business_" legend={t("verify.businessAddress")} errors={errors} values={values} />

      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold text-slate-900">{t("verify.controller")}</legend>
        <p className="text-sm text-slate-600">{t("verify.controllerHint")}</p>
        <Field name="controller_first_name" label={t("verify.firstName")} maxLength={100} error={errors.controller_first_name} defaultValue={values.controller_first_name} />
        <Field name="controller_last_name" label={t("verify.lastName")} maxLength={100} error={errors.controller_last_name} defaultValue={values.controller_last_name} />
        <Field name="controller_title" label={t("verify.jobTitle")} maxLength={100} error={errors.controller_title} defaultValue={values.controller_title} />
        <Field name="controller_date_of_birth" label={t("verify.dateOfBirth")} type="date" error={errors.controller_date_of_birth} defaultValue={values.controller_date_of_birth} />
        <Field name="controller_ssn" label={t("verify.ssn")} inputMode="numeric" autoComplete="off" maxLength={11} placeholder="123-45-6789" error={errors.controller_ssn} />
      </fieldset>
      <AddressFields prefix="controller_" legend={t("verify.controllerAddress")} errors={errors} values={values} />

      <section aria-labelledby="owners-title" className="space-y-4">
        <h2 id="owners-title" className="text-lg font-semibold text-slate-900">
          {t("verify.owners")}
        </h2>
        <p id="owners-hint" className="text-sm text-slate-600">
          {t("verify.ownersHint")}
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
              <summary className="cursor-pointer font-medium text-slate-800">{t("verify.ownerOptional", { slot })}</summary>
              <fieldset className="mt-4 space-y-4">
                <legend className="sr-only">{t("verify.owner", { slot })}</legend>
                <Field name={`${p}first_name`} label={t("verify.firstName")} required={false} maxLength={100} error={errors[`${p}first_name`]} defaultValue={values[`${p}first_name`]} />
                <Field name={`${p}last_name`} label={t("verify.lastName")} required={false} maxLength={100} error={errors[`${p}last_name`]} defaultValue={values[`${p}last_name`]} />
                <Field name={`${p}date_of_birth`} label={t("verify.dateOfBirth")} type="date" required={false} error={errors[`${p}date_of_birth`]} defaultValue={values[`${p}date_of_birth`]} />
                <Field name={`${p}percent`} label={t("verify.ownership")} inputMode="decimal" required={false} maxLength={6} error={errors[`${p}percent`]} defaultValue={values[`${p}percent`]} />
              </fieldset>
            </details>
          );
        })}
      </section>
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? t("common.sending") : t("verify.submit")}
      </button>
    </form>
  );
}
