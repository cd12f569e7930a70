// OpenAPI description of the delivery log routes, from the schemas they parse with.
import type { ApiOperation } from "@/lib/openapi/types";
import { deliveryPageSchema, deliveryPathParams, deliveryResourceSchema, listDeliveriesQuery } from "./schemas";

const exampleDelivery = {
  id: "5b0f7d3e-9a61-4c1e-8f55-0c7e2f1b9d10",
  webhook_id: "0d9c2b4a-6f1e-4e8a-9b3c-7a5d1e2f3c4b",
  kind: "webhook",
  event_type: "user_intent_updated",
  url: "https://partner.example/webhooks/trustgate",
  status: "succeeded",
  attempts: 1,
  next_attempt_at: null,
  last_attempt_at: "2026-11-24T09:00:01.000Z",
  last_error: null,
  last_response_status: 200,
  last_response_body: "ok",
  delivered_at: "2026-11-24T09:00:01.000Z",
  created_at: "2026-11-24T09:00:00.000Z",
  body: {
    webhook_type: "user_intent_updated",
    webhook_id: "0d9c2b4a-6f1e-4e8a-9b3c-7a5d1e2f3c4b",
    user_id: null,
    resource_id: "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b",
    metadata: { your_user_id: "42" },
  },
};

export const webhooksOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/v1/webhooks/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "List webhook deliveries",
    description: "Your webhook and authenticator-callback deliveries, newest first, with status, attempts and the last error.",
    tags: ["Webhooks"],
    security: ["partnerBasic", "partnerBearer"],
    params: { query: listDeliveriesQuery },
    responses: {
      200: { description: "A page of deliveries", schema: deliveryPageSchema, example: { data: [exampleDelivery], has_more: false, next_cursor: null } },
      400: { description: "Invalid query" },
      401: { description: "Client authentication failed" },
    },
  },
  {
    method: "post",
    path: "/v1/webhooks/deliveries/{id}/resend",
    operationId: "resendWebhookDelivery",
    summary: "Resend a delivery",
    description: "Makes the delivery due now with a fresh set of attempts. The body and webhook_id stay the same, so receivers can deduplicate.",
    tags: ["Webhooks"],
    security: ["partnerBasic", "partnerBearer"],
    params: { path: deliveryPathParams },
    responses: {
      200: { description: "The delivery, due now", schema: deliveryResourceSchema, example: { ...exampleDelivery, status: "pending", attempts: 0, next_attempt_at: "2026-11-24T09:05:00.000Z" } },
      401: { description: "Client authentication failed" },
      404: { description: "No delivery with this id for your client" },
    },
  },
];
