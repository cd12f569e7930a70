// POST /v1/webhooks/deliveries/{id}/resend — deliver again now, same webhook_id. Partner auth;
// another partner's delivery is 404.
import { withPartner } from "@/lib/http/route";
import { resendDelivery } from "@/lib/webhooks/deliveries";
import { deliveryPathParams } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const POST = withPartner<{ id: string }>(async ({ partner, params, ip, requestId }) =>
  resendDelivery(partner.client.id, deliveryPathParams.parse(params).id, { actor: { type: "client", id: partner.client.id }, ip, requestId }),
);
