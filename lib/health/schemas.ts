// GET /healthz answers.
import { z } from "zod";

export const healthSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    error: z.literal("database_unavailable").optional(),
  })
  .meta({ id: "Health" });
