// POST /api/devices/requests/{id}/options — a challenge bound to this request and this decision, for
// the user's own devices only. Approving needs the number typed from the waiting screen first.
import { z } from "zod";
import { limitCeremonies } from "@/lib/devices/http";
import { decisionOptions } from "@/lib/devices/login-requests";
import { loginRequestDecisionSchema, loginRequestIdSchema, loginRequestTypedCodeSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema, code: loginRequestTypedCodeSchema });

export const POST = route({ sameOrigin: true, params: z.object({ id: loginRequestIdSchema }), paramsError: "login_request_not_found", body: bodySchema }, async ({ ip, requestId, params, body }) => {
  await limitCeremonies(ip);
  return (await decisionOptions({ loginRequestId: params.id, decision: body.decision, code: body.code, ip, requestId })) as unknown as Record<string, unknown>;
});
