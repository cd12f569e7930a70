/** What a /verify/* server action answers when the form must be shown again. */
export interface VerifyFormState {
  /** Field name → message; "form" for a problem with the whole submit. */
  errors: Record<string, string>;
  /** What the user typed, minus SSN and EIN (never sent back). */
  values: Record<string, string>;
  /** Increments on every failed submit, so the form re-mounts with the kept values. */
  attempt: number;
}

export type VerifyFormAction = (previous: VerifyFormState | null, form: FormData) => Promise<VerifyFormState>;
