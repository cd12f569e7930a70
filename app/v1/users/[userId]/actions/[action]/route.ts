// POST /v1/users/{userId}/actions/{action} — Authsignal track: run the partner's rules for this
// user and action → ALLOW | CHALLENGE_REQUIRED | BLOCK, with a single-use token for /v1/validate.
import { trackActionParamsSchema, trackActionRequestSchema } from "@/lib/risk-actions/schemas";
import { trackAction } from "@/lib/risk-actions/track-action";
import { parseJsonBody } from "@/lib/http/parse";
import { ProductError } from "@/lib/errors/product";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner<{ userId: string; action: string }>(async ({ req, ip, requestId, params, partner }) => {
  // An id that cannot be a user is answered like an unknown user.
  if (!trackActionParamsSchema.shape.userId.safeParse(params.userId).success) throw new ProductError("user_not_found");
  const { action } = trackActionParamsSchema.pick({ action: true }).parse({ action: params.action });
  const body = await parseJsonBody(req, trackActionRequestSchema);
  return trackAction({ client: partner.client, userId: params.userId, action, attributes: body.attributes, ip, requestId });
});
