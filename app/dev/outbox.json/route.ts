// GET /dev/outbox.json — the development outbox as JSON, newest first (demos and tests read codes here).
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { isLoopbackClient } from "@/lib/sms/outbox-access";
import { outboxEnabled } from "@/lib/sms/provider";
import { outboxQuerySchema } from "@/lib/sms/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req, ip }) => {
  // Every code is in here: only this machine may read it (the same answer as when it is off).
  if (!outboxEnabled() || !isLoopbackClient(ip)) throw new ProductError("not_found");
  const query = outboxQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listOutboxMessages(query);
});
