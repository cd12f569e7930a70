// POST /api/devices/requests/{id}/options — a challenge bound to this request and this decision, for
// the user's own devices only. A session of the request's user has the typed number checked here
// (a wrong one spends a try); anyone else's number is checked with the signed decision.
import { z } from "zod";
import { limitCeremonies } from "@/lib/devices/http";
import { decisionOptions } from "@/lib/devices/login-requests";
import { loginRequestDecisionSchema, loginRequestIdSchema, loginRequestTypedCodeSchema, sdkScopeFields } from "@/lib/devices/schemas";
import { sdkRequestScope } from "@/lib/devices/sdk-window";
import { route } from "@/lib/http/route";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema, code: loginRequestTypedCodeSchema, ...sdkScopeFields });

export const POST = route({ sameOrigin: true, params: z.object({ id: loginRequestIdSchema }), paramsError: "login_request_not_found", body: bodySchema }, async ({ req, ip, requestId, params, body }) => {
  await limitCeremonies(ip);
  const clientId = await sdkRequestScope(body);
  const session = await currentSessionUser(req);
  const sessionUserId = session && may(session, "approve_device") ? session.id : null;
  return (await decisionOptions({ loginRequestId: params.id, decision: body.decision, code: body.code, sessionUserId, clientId, ip, requestId })) as unknown as Record<string, unknown>;
});
