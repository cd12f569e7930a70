// GET /healthz (liveness) and GET /readyz (readiness) answers.
import { z } from "zod";

export const healthSchema = z
  .object({
    status: z.literal("ok"),
  })
  .meta({ id: "Health" });

const check = z.enum(["ok", "failed", "timeout"]);

export const readinessSchema = z
  .object({
    status: z.enum(["ready", "not_ready", "draining"]),
    checks: z.object({ database: check, migrations: z.enum(["ok", "failed", "timeout", "pending"]), signing_key: check }),
  })
  .meta({ id: "Readiness" });
