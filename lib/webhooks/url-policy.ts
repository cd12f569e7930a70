// Where deliveries may go: the outbound policy (lib/outbound/url-policy.ts) with the webhook URL's
// length cap. Checked when a URL is set and again, with DNS, when each delivery is sent.
import { z } from "zod";
import { WEBHOOK_URL_MAX_LENGTH } from "@/lib/config/limits";
import { outboundUrlProblem } from "@/lib/outbound";

/** Why `raw` cannot receive deliveries, or null when it can. */
export function webhookUrlProblem(raw: string): string | null {
  return outboundUrlProblem(raw, WEBHOOK_URL_MAX_LENGTH);
}

export const webhookUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
