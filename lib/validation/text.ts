// Text the product stores or echoes: one control-character rule, one zod text field. The wire
// format of a message in the API is "must …"; a form field on a hosted page names its label.
import { z } from "zod";

/**
 * C0 controls but tab, CR and LF, and DEL — what no parameter or stored text may hold (PostgreSQL
 * text cannot hold NUL; none is meaningful). Raw protocol parameters (OAuth forms, Basic
 * credentials, redirect URIs) are checked with this.
 */
export const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** Every C0 and C1 control, tab and line breaks included: a one-line field (name, id, address line) holds none. */
export const LINE_CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069)
 * and the LRM/RLM/ALM marks (U+200E, U+200F, U+061C). In a partner's text shown on a hosted page or a trusted
 * device they reorder what the user reads ("Send $5 to Alex" can display as another amount or
 * payee: the Trojan Source trick, CVE-2021-42574). Right-to-left text itself needs none of them.
 */
export const BIDI_CONTROL_CHARACTERS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
export const BIDI_CONTROL_MESSAGE = "must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)";

/**
 * Why a partner-supplied label shown to users (an action's label, a display name) cannot be shown,
 * or null: one rule for every such field.
 */
export function displayTextProblem(value: string): string | null {
  if (LINE_CONTROL_CHARACTERS.test(value)) return apiMessages.control;
  if (BIDI_CONTROL_CHARACTERS.test(value)) return BIDI_CONTROL_MESSAGE;
  return null;
}

/** `value` without any control character (for names shown back, e.g. an uploaded file's name). */
export function stripControlCharacters(value: string): string {
  return value.replace(new RegExp(LINE_CONTROL_CHARACTERS.source, "g"), "");
}

const apiMessages = {
  type: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : "must be a string"),
  empty: "must not be empty",
  long: (max: number) => `must be at most ${max} characters`,
  control: "must not contain control characters",
};

/**
 * A trimmed one-line text field of at most `max` characters without control characters. API
 * messages by default ("must not be empty"); pass `label` for a hosted form ("Enter the city").
 */
export function textField(max: number, options: { allowEmpty?: boolean; label?: string; typeError?: string } = {}) {
  const { label } = options;
  const Label = label ? `${label[0]!.toUpperCase()}${label.slice(1)}` : "";
  const typeError = options.typeError;
  // A hosted form's fields are always strings; the API words a wrong type for the caller.
  const string = label ? z.string() : z.string({ error: (issue) => (typeError && issue.input !== undefined ? typeError : apiMessages.type(issue)) });
  return string
    .trim()
    .min(options.allowEmpty ? 0 : 1, label ? `Enter ${label}` : apiMessages.empty)
    .max(max, label ? `${Label} must be at most ${max} characters` : apiMessages.long(max))
    .refine((value) => !LINE_CONTROL_CHARACTERS.test(value), label ? `${Label} contains characters that are not allowed` : apiMessages.control);
}
