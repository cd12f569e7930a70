// Input of the SMS capability's HTTP surfaces.
import { z } from "zod";
import { phoneSchema } from "@/lib/phone/normalize";

export const OUTBOX_DEFAULT_LIMIT = 50;
export const OUTBOX_MAX_LIMIT = 100;

/** GET /dev/outbox.json?to=<phone>&limit=<n> */
export const outboxQuerySchema = z.object({
  to: phoneSchema.optional(),
  limit: z.coerce.number().int().min(1).max(OUTBOX_MAX_LIMIT).default(OUTBOX_DEFAULT_LIMIT),
});

export type OutboxQuery = z.output<typeof outboxQuerySchema>;
