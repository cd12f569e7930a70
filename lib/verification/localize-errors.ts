// The hosted verification forms' checks (schemas.ts, validate-form.ts, the actions) answer in
// English: the partner API and the tests read those words. On a page in another language each
// message is recognised by its kind and worded again from the catalogue, naming the field by its
// label on the form. A message of an unknown kind stays as it is (English).
import type { MessageKey, Translate } from "@/lib/i18n/format";

/** Field (without its business_ / controller_ / ownerN_ prefix) → its label's catalogue key. */
const LABELS: Record<string, MessageKey> = {
  first_name: "verify.firstName",
  last_name: "verify.lastName",
  date_of_birth: "verify.dateOfBirth",
  ssn: "verify.ssn",
  address1: "verify.street",
  address2: "verify.unit",
  city: "verify.city",
  state: "verify.state",
  postal_code: "verify.zip",
  business_name: "verify.businessName",
  ein: "verify.ein",
  title: "verify.jobTitle",
  percent: "verify.ownership",
};

/** [what the English says, how to say it again]: first match wins; `field` is the field's label. */
const KINDS: [RegExp, (t: Translate, match: RegExpExecArray, field: string) => string][] = [
  [/^Enter a real date/, (t) => t("verify.check.realDate")],
  [/cannot be in the future/, (t) => t("verify.check.future")],
  [/^You must be at least (\d+) years old/, (t, m) => t("verify.check.minAge", { years: Number(m[1]) })],
  [/^Check the year of birth/, (t) => t("verify.check.yearOfBirth")],
  [/^Enter a valid 9-digit Social Security number/, (t) => t("verify.check.ssn")],
  [/^Enter a valid 9-digit EIN/, (t) => t("verify.check.ein")],
  [/^Choose .*US state$/, (t) => t("verify.check.state")],
  [/5-digit ZIP code/, (t) => t("verify.check.zip")],
  [/^Enter a percentage from (\d+) to 100/, (t, m) => t("verify.check.percent", { min: Number(m[1]) })],
  [/^The owners' shares add up to ([\d.]+)%/, (t, m) => t("verify.check.ownersTotal", { total: m[1]! })],
  [/must be at most (\d+) characters$/, (t, m, field) => t("verify.check.tooLong", { field, max: Number(m[1]) })],
  [/contains characters that are not allowed$/, (t, _m, field) => t("verify.check.badCharacters", { field })],
  [/^Use letters, spaces, hyphens and apostrophes/, (t, _m, field) => t("verify.check.nameCharacters", { field })],
  [/^This form may only be sent from this page/, (t) => t("verify.check.sameOrigin")],
  [/^This page has expired/, (t) => t("loginErrors.expired")],
  [/^Too many attempts\. Try again in (\d+) minutes/, (t, m) => t("verify.check.tooManyAttempts", { minutes: Number(m[1]) })],
  [/^Enter /, (t, _m, field) => t("verify.check.required", { field })],
];

function fieldLabel(t: Translate, name: string): string {
  const base = name.replace(/^(business_|controller_|owner\d+_)/, "");
  const key = LABELS[name] ?? LABELS[base];
  return key ? t(key) : name;
}

/** `errors` (field → English message) in the page's language; unchanged in English. */
export function localizeFieldErrors(t: Translate, errors: Record<string, string>): Record<string, string> {
  if (t.locale === "en") return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([name, message]) => {
      for (const [pattern, say] of KINDS) {
        const match = pattern.exec(message);
        if (match) return [name, say(t, match, fieldLabel(t, name))];
      }
      return [name, message];
    }),
  );
}
