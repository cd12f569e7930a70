// POST /api/devices/requests/{id}/decision — Approve or Reject, signed by the trusted device's passkey
// over a challenge bound to this request (an assertion for another request is refused).
import { z } from "zod";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { decideLoginRequest } from "@/lib/devices/login-requests";
import { authenticationResponseSchema, loginRequestDecisionSchema, loginRequestIdSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema, response: authenticationResponseSchema });

export const POST = route<{ id: string }>(async ({ req, ip, requestId, params }) => {
  assertSameOrigin(req);
  if (!loginRequestIdSchema.safeParse(params.id).success) throw new ProductError("login_request_not_found");
  const body = await parseJsonBody(req, bodySchema);
  return decideLoginRequest({ loginRequestId: params.id, decision: body.decision, response: body.response, ip, requestId });
});
