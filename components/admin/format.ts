export function when(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export function fullName(person: { firstName: string | null; lastName: string | null }): string {
  return [person.firstName, person.lastName].filter(Boolean).join(" ") || "—";
}

/** What to call a person in the dashboard: the name, else the email, else the phone — never a bare "—". */
export function personLabel(person: { firstName: string | null; lastName: string | null; email?: string | null; phone?: string | null; id?: string }): string {
  const name = [person.firstName, person.lastName].filter(Boolean).join(" ");
  return name || person.email || person.phone || person.id || "Unnamed";
}
