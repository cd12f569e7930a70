// POST /api/actions/untracked/verify — the passkey's answer; for a user of that client it returns a
// single-use token for that action, which the partner's backend validates with POST /v1/validate {token, action}.
import { completeUntrackedVerification } from "@/lib/risk-actions/untracked-verification";
import { untrackedVerifyRequestSchema } from "@/lib/risk-actions/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: untrackedVerifyRequestSchema }, async ({ ip, requestId, body }) => {
  const verified = await completeUntrackedVerification({ clientId: body.client_id, action: body.action, response: body.response, ip, requestId });
  return { state: verified.state, token: verified.token, idempotencyKey: verified.idempotencyKey };
});
