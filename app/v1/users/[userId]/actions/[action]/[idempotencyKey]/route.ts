// GET /v1/users/{userId}/actions/{action}/{idempotencyKey} — one tracked action and its current state.
import { getAction } from "@/lib/risk-actions/get-action";
import { actionRecordParamsSchema } from "@/lib/risk-actions/schemas";
import { ProductError } from "@/lib/errors/product";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withPartner<{ userId: string; action: string; idempotencyKey: string }>(async ({ params, partner }) => {
  const parsed = actionRecordParamsSchema.safeParse(params);
  if (!parsed.success) throw new ProductError("action_not_found");
  return getAction({ clientId: partner.client.id, ...parsed.data });
});
