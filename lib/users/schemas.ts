import { z } from "zod";
import { STATUS_REASON_MAX_LENGTH } from "@/lib/config/limits";
import { UserStatus } from "@/lib/db/generated/enums";

export const userStatusSchema = z.enum(Object.values(UserStatus) as [UserStatus, ...UserStatus[]], {
  error: `must be one of: ${Object.values(UserStatus).join(", ")}`,
});

/** Every status change carries a reason for the audit log. */
export const statusReasonSchema = z.string({ error: "a reason is required" }).trim().min(1, "a reason is required").max(STATUS_REASON_MAX_LENGTH, `the reason must be at most ${STATUS_REASON_MAX_LENGTH} characters`);

/** The User as partners see it (GET /v1/user): Astra's field names, snake_case. */
export const userResourceSchema = z
  .object({
    id: z.uuid().meta({ description: "scope openid" }),
    phone: z
      .string()
      .optional()
      .meta({ description: "E.164; scope phone", examples: ["+14155550123"] }),
    email: z.string().nullable().optional().meta({ description: "scope email" }),
    first_name: z.string().nullable().optional().meta({ description: "scope profile" }),
    last_name: z.string().nullable().optional().meta({ description: "scope profile" }),
    status: userStatusSchema.optional().meta({ description: "scope verification" }),
    created_at: z.iso.datetime().optional().meta({ description: "scope openid" }),
    updated_at: z.iso.datetime().optional().meta({ description: "scope profile" }),
    address: z
      .object({ formatted: z.string(), street_address: z.string(), locality: z.string(), region: z.string(), postal_code: z.string(), country: z.string() })
      .nullable()
      .optional()
      .meta({ description: "scope address (OpenID Connect address claim), from the user's identity verification" }),
  })
  .meta({ id: "User" });
