// POST /api/devices/requests/{id}/options — a challenge bound to this request and this decision, for
// the user's own devices only.
import { z } from "zod";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { limitCeremonies } from "@/lib/devices/http";
import { decisionOptions } from "@/lib/devices/login-requests";
import { loginRequestDecisionSchema, loginRequestIdSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: loginRequestDecisionSchema });

export const POST = route<{ id: string }>(async ({ req, ip, params }) => {
  assertSameOrigin(req);
  if (!loginRequestIdSchema.safeParse(params.id).success) throw new ProductError("login_request_not_found");
  const body = await parseJsonBody(req, bodySchema);
  await limitCeremonies(ip);
  return (await decisionOptions({ loginRequestId: params.id, decision: body.decision })) as unknown as Record<string, unknown>;
});
