import { US_STATES } from "@/lib/verification/us-states";
import { useT } from "@/components/i18n/I18nProvider";
import { Field, SelectField } from "./Field";

export function AddressFields({ prefix = "", errors, values, legend }: { prefix?: string; errors: Record<string, string>; values: Record<string, string>; legend: string }) {
  const n = (field: string) => `${prefix}${field}`;
  const t = useT();
  return (
    <fieldset className="space-y-4">
      <legend className="text-base font-semibold text-slate-900">{legend}</legend>
      <Field name={n("address1")} label={t("verify.street")} autoComplete="address-line1" error={errors[n("address1")]} defaultValue={values[n("address1")]} />
      <Field name={n("address2")} label={t("verify.unit")} required={false} autoComplete="address-line2" error={errors[n("address2")]} defaultValue={values[n("address2")]} />
      <Field name={n("city")} label={t("verify.city")} autoComplete="address-level2" maxLength={100} error={errors[n("city")]} defaultValue={values[n("city")]} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name={n("state")} label={t("verify.state")} options={US_STATES} autoComplete="address-level1" error={errors[n("state")]} defaultValue={values[n("state")]} />
        <Field name={n("postal_code")} label={t("verify.zip")} inputMode="numeric" autoComplete="postal-code" maxLength={10} error={errors[n("postal_code")]} defaultValue={values[n("postal_code")]} />
      </div>
    </fieldset>
  );
}
