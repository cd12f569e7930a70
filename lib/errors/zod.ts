// A zod refusal as the API words it: one readable sentence plus structured details.
import type { ZodError } from "zod";

export function describeZodError(error: ZodError): { description: string; details: { path: string; message: string }[] } {
  const details = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const description = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
  return { description, details };
}
