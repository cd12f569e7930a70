import { US_STATES } from "@/lib/verification/us-states";
import { Field, SelectField } from "./Field";

export function AddressFields({ prefix = "", errors, values, legend }: { prefix?: string; errors: Record<string, string>; values: Record<string, string>; legend: string }) {
  const n = (field: string) => `${prefix}${field}`;
  return (
    <fieldset className="space-y-4">
      <legend className="text-base font-semibold text-slate-900">{legend}</legend>
      <Field name={n("address1")} label="Street address" autoComplete="address-line1" error={errors[n("address1")]} defaultValue={values[n("address1")]} />
      <Field name={n("address2")} label="Apartment, suite or unit" required={false} autoComplete="address-line2" error={errors[n("address2")]} defaultValue={values[n("address2")]} />
      <Field name={n("city")} label="City" autoComplete="address-level2" maxLength={100} error={errors[n("city")]} defaultValue={values[n("city")]} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name={n("state")} label="State" options={US_STATES} autoComplete="address-level1" error={errors[n("state")]} defaultValue={values[n("state")]} />
        <Field name={n("postal_code")} label="ZIP code" inputMode="numeric" autoComplete="postal-code" maxLength={10} error={errors[n("postal_code")]} defaultValue={values[n("postal_code")]} />
      </div>
    </fieldset>
  );
}
