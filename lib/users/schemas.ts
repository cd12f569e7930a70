import { z } from "zod";
import { STATUS_REASON_MAX_LENGTH } from "@/lib/config/limits";
import { UserStatus } from "@/lib/db/generated/enums";

export const userStatusSchema = z.enum(Object.values(UserStatus) as [UserStatus, ...UserStatus[]], {
  error: `must be one of: ${Object.values(UserStatus).join(", ")}`,
});

/** Every status change carries a reason for the audit log. */
export const statusReasonSchema = z
  .string({ error: "a reason is required" })
  .trim()
  .min(1, "a reason is required")
  .max(STATUS_REASON_MAX_LENGTH, `the reason must be at most ${STATUS_REASON_MAX_LENGTH} characters`);

/** The User as partners see it (GET /v1/user): Astra's field names, snake_case. */
export const userResourceSchema = z
  .object({
    id: z.uuid(),
    phone: z.string().meta({ description: "E.164", examples: ["+14155550123"] }),
    email: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    status: userStatusSchema,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "User" });
