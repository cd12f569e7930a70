// zod at the boundary of the delivery log API; the same schemas describe it in OpenAPI.
import { z } from "zod";
import { LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX } from "@/lib/config/limits";

export const deliveryStatusSchema = z.enum(["pending", "succeeded", "failed"], { error: "must be pending, succeeded or failed" });

export const listDeliveriesQuery = z.object({
  status: deliveryStatusSchema.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be an integer from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .transform(Number)
    .refine((value) => value >= 1 && value <= LIST_PAGE_SIZE_MAX, `must be an integer from 1 to ${LIST_PAGE_SIZE_MAX}`)
    .default(LIST_PAGE_SIZE_DEFAULT),
  cursor: z.string().min(1, "must not be empty").max(200, "is not a cursor returned by this API").optional(),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuery>;

export const deliveryPathParams = z.object({ id: z.string().describe("The delivery's id (not its webhook_id)") });

export const deliveryResourceSchema = z.object({
  id: z.string(),
  webhook_id: z.string().describe("Sent in the body and in Trustgate-Webhook-Id; the same on every retry"),
  kind: z.enum(["webhook", "authenticator_callback", "backchannel_logout"]),
  event_type: z.string().describe("user_intent_updated, user_updated, device.added, device.revoked, device.suspicious, authenticator_challenge_updated or backchannel_logout"),
  url: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable().describe("When the next attempt is due (null once succeeded or failed)"),
  last_attempt_at: z.string().nullable(),
  last_error: z.string().nullable().describe("Why the last attempt failed, as a category: timeout, connect_failed, tls_failed, refused (the URL or its address is not allowed), too_large or http_<status>"),
  last_response_status: z.number().int().nullable(),
  last_response_body: z.string().nullable().describe("At most 1 KB of the receiver's last answer; null when the receiver is not on a public address"),
  delivered_at: z.string().nullable(),
  created_at: z.string(),
  body: z.unknown().describe("The JSON that was (or will be) POSTed"),
});

export const deliveryPageSchema = z.object({ data: z.array(deliveryResourceSchema), has_more: z.boolean(), next_cursor: z.string().nullable() });
