// Where deliveries may go. Production sends only over HTTPS; elsewhere http:// is allowed for a
// receiver on this machine (development and tests), never for a remote host.
import { z } from "zod";
import { WEBHOOK_URL_MAX_LENGTH } from "@/lib/config/limits";
import { isProduction } from "@/lib/config/settings";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why `raw` cannot receive deliveries, or null when it can. */
export function webhookUrlProblem(raw: string): string | null {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.hash) return "must not contain a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && !isProduction() && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return isProduction() ? "must use https:// in production" : "must use https:// (http:// only for localhost)";
}

export const webhookUrlSchema = z.string().trim().superRefine((value, ctx) => {
  const problem = webhookUrlProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
