// POST /v1/validate — Authsignal validateChallenge: spends an action token once. isValid is true for
// exactly one call, and only for the client that tracked the action (or verified without tracking;
// then `action` names it).
import { validateRequestSchema } from "@/lib/risk-actions/schemas";
import { validateActionToken } from "@/lib/risk-actions/validate-token";
import { parseJsonBody } from "@/lib/http/parse";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, ip, requestId, partner }) => {
  const body = await parseJsonBody(req, validateRequestSchema);
  return validateActionToken({ clientId: partner.client.id, token: body.token, action: body.action, ip, requestId });
});
