// Example error bodies produced by the real code paths, so the reference never shows an answer
// Trustgate would not give.
import type { z } from "zod";
import { describeZodError } from "@/lib/errors/zod";

/** The 400 answer a route gives when `schema` refuses `input` (see errorResponse in lib/http/respond.ts). */
export function validationErrorExample(schema: z.ZodType, input: unknown): { error: string; error_description: string; details: unknown } {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("validationErrorExample: the input is valid");
  const { description, details } = describeZodError(result.error);
  return { error: "invalid_request", error_description: description, details };
}
