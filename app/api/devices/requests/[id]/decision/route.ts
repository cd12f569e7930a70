// POST /api/devices/requests/{id}/decision — Approve or Reject, signed by the trusted device's passkey
// over a challenge bound to this request (an assertion for another request is refused).
import { z } from "zod";
import { decideLoginRequest } from "@/lib/devices/login-requests";
import { authenticationResponseSchema, loginRequestDecisionSchema, loginRequestIdSchema, loginRequestTypedCodeSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema, response: authenticationResponseSchema, code: loginRequestTypedCodeSchema });

export const POST = route({ sameOrigin: true, params: z.object({ id: loginRequestIdSchema }), paramsError: "login_request_not_found", body: bodySchema }, async ({ ip, requestId, params, body }) =>
  decideLoginRequest({ loginRequestId: params.id, decision: body.decision, response: body.response, code: body.code, ip, requestId }),
);
