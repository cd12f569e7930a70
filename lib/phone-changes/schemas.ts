// zod at the boundary of the phone change API; the same schemas describe it in OpenAPI.
import { z } from "zod";
import { phoneSchema } from "@/lib/phone/normalize";

export const phoneChangeRequestInput = z.object({
  new_phone: z.string({ error: "new_phone is required" }).pipe(phoneSchema).describe("E.164 or 10-digit US"),
  code: z.string().trim().max(32, "must be the 6-digit code sent to new_phone").optional().describe("Omit to have a code sent to new_phone; then send it with the same new_phone"),
});
export type PhoneChangeRequestInput = z.output<typeof phoneChangeRequestInput>;

export const phoneChangeStatusSchema = z.enum(["pending", "approved", "rejected"]);

export const phoneChangeResourceSchema = z.object({
  id: z.string(),
  status: phoneChangeStatusSchema,
  new_phone: z.string(),
  created_at: z.string(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
});

export const phoneChangeCodeSentSchema = z.object({
  status: z.literal("code_sent"),
  new_phone: z.string(),
  expires_at: z.string(),
  resend_available_at: z.string(),
});
