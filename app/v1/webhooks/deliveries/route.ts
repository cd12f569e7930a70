// GET /v1/webhooks/deliveries — the partner's webhook and callback deliveries, newest first, paged
// with ?limit= and ?cursor=, optionally ?status=pending|succeeded|failed. Partner auth.
import { withPartner } from "@/lib/http/route";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { listDeliveriesQuery } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ req, partner }) => listDeliveries(partner.client.id, listDeliveriesQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
