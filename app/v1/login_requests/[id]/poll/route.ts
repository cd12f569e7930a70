// POST /v1/login_requests/{id}/poll — the request's status; the first poll after approval redeems it
// (exactly once) and carries `oauth_token` (Cotter's TRUSTED_DEVICE answer). no-store.
import { pollApiLoginRequest } from "@/lib/devices/api-login-requests";
import { apiLoginRequestPollSchema, loginRequestIdSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { ProductError } from "@/lib/errors/product";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner<{ id: string }>(async ({ req, ip, requestId, params, partner }) => {
  if (!loginRequestIdSchema.safeParse(params.id).success) throw new ProductError("login_request_not_found");
  const body = await parseJsonBody(req, apiLoginRequestPollSchema);
  return pollApiLoginRequest({ clientId: partner.client.id, id: params.id, secret: body.secret, ip, requestId });
});
