// POST /api/devices/sdk/action — verify(token) in the SDK window: which of the partner's actions the
// token opens (the challenge itself then runs through /api/actions/{id}/*).
import { z } from "zod";
import { sdkActionForToken } from "@/lib/risk-actions/sdk-action";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ client_id: z.string().min(1).max(200), origin: z.string().min(1).max(2000), token: z.string().min(1).max(128) });

export const POST = route({ sameOrigin: true, body: bodySchema }, async ({ body }) => {
  const { actionId } = await sdkActionForToken({ clientId: body.client_id, origin: body.origin, token: body.token });
  return { action_id: actionId };
});
