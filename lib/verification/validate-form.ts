// Form data → validated verification data, or per-field messages and the values to show again.
// Secrets (SSN, EIN) are never sent back to the browser: a failed submit asks for them again.
import type { z } from "zod";
import { businessVerificationSchema, OWNER_SLOTS, ownerFieldNames, ownerSchema, personalVerificationSchema } from "./schemas";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;
export type FormValidation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

export const SECRET_FIELDS: ReadonlySet<string> = new Set(["ssn", "ein", "controller_ssn"]);

export type PersonalVerification = z.output<ReturnType<typeof personalVerificationSchema>>;
export type BusinessVerification = z.output<ReturnType<typeof businessVerificationSchema>> & {
  owners: { first_name: string; last_name: string; date_of_birth: string; percent: number }[];
};

function pick(raw: Record<string, string>, names: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = typeof raw[name] === "string" ? raw[name]! : "";
  return out;
}

function keptValues(input: Record<string, string>): FormValues {
  return Object.fromEntries(Object.entries(input).filter(([name]) => !SECRET_FIELDS.has(name)));
}

function collectErrors(error: z.ZodError, into: FieldErrors): void {
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    into[field] ??= issue.message;
  }
}

export function validatePersonalForm(raw: Record<string, string>, now?: () => Date): FormValidation<PersonalVerification> {
  const schema = personalVerificationSchema(now);
  const input = pick(raw, Object.keys(schema.shape));
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  collectErrors(parsed.error, errors);
  return { ok: false, errors, values: keptValues(input) };
}

export function validateBusinessForm(raw: Record<string, string>, now?: () => Date): FormValidation<BusinessVerification> {
  const schema = businessVerificationSchema(now);
  const input = pick(raw, [...Object.keys(schema.shape), ...OWNER_SLOTS.flatMap(ownerFieldNames)]);
  const errors: FieldErrors = {};
  const parsed = schema.safeParse(input);
  if (!parsed.success) collectErrors(parsed.error, errors);

  // An owner slot left completely empty is not an owner; a partly filled one must be complete.
  const owners: BusinessVerification["owners"] = [];
  for (const slot of OWNER_SLOTS) {
    const names = ownerFieldNames(slot);
    if (names.every((name) => input[name]!.trim() === "")) continue;
    const owner = ownerSchema(slot, now).safeParse(pick(input, names));
    if (!owner.success) {
      collectErrors(owner.error, errors);
      continue;
    }
    const value = owner.data as Record<string, string | number>;
    owners.push({
      first_name: value[`owner${slot}_first_name`] as string,
      last_name: value[`owner${slot}_last_name`] as string,
      date_of_birth: value[`owner${slot}_date_of_birth`] as string,
      percent: value[`owner${slot}_percent`] as number,
    });
  }
  const total = owners.reduce((sum, owner) => sum + owner.percent, 0);
  if (total > 100) errors.owners = `The owners' shares add up to ${total}%: together they cannot own more than 100%`;

  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values: keptValues(input) };
  return { ok: true, data: { ...parsed.data, owners } };
}

/** FormData → plain strings (files and repeated names are ignored; the first value wins). */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string" && !(name in out)) out[name] = value;
  return out;
}
