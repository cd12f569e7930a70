// POST /api/devices/requests/{id}/decision — Approve or Reject, signed by the trusted device's passkey
// over a challenge bound to this request (an assertion for another request is refused). From the
// web SDK's window (client_id + origin), only a request of that partner.
import { z } from "zod";
import { decideLoginRequest } from "@/lib/devices/login-requests";
import { authenticationResponseSchema, loginRequestDecisionSchema, loginRequestIdSchema, loginRequestTypedCodeSchema, sdkScopeFields } from "@/lib/devices/schemas";
import { sdkRequestScope } from "@/lib/devices/sdk-window";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema, response: authenticationResponseSchema, code: loginRequestTypedCodeSchema, ...sdkScopeFields });

export const POST = route({ sameOrigin: true, params: z.object({ id: loginRequestIdSchema }), paramsError: "login_request_not_found", body: bodySchema }, async ({ ip, requestId, params, body }) => {
  const clientId = await sdkRequestScope(body);
  return decideLoginRequest({ loginRequestId: params.id, decision: body.decision, response: body.response, code: body.code, clientId, ip, requestId });
});
