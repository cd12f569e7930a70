// POST /api/devices/requests/{id}/options — a challenge bound to this request and this decision, for
// the user's own devices only.
import { z } from "zod";
import { limitCeremonies } from "@/lib/devices/http";
import { decisionOptions } from "@/lib/devices/login-requests";
import { loginRequestDecisionSchema, loginRequestIdSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema });

export const POST = route({ sameOrigin: true, params: z.object({ id: loginRequestIdSchema }), paramsError: "login_request_not_found", body: bodySchema }, async ({ ip, params, body }) => {
  await limitCeremonies(ip);
  return (await decisionOptions({ loginRequestId: params.id, decision: body.decision })) as unknown as Record<string, unknown>;
});
