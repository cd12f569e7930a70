// POST /api/actions/{id}/verify — the assertion that answers an action's challenge; the action moves
// to CHALLENGE_SUCCEEDED (or CHALLENGE_FAILED) once, and the page returns to the partner.
import { z } from "zod";
import { completeActionChallenge } from "@/lib/risk-actions/challenge";
import { challengeVerifyRequestSchema } from "@/lib/risk-actions/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, params: z.object({ id: z.string() }), body: challengeVerifyRequestSchema }, async ({ ip, requestId, params, body }) => {
  const result = await completeActionChallenge({ actionId: params.id, token: body.token, response: body.response, ip, requestId });
  return { state: result.state, return_to: result.returnTo, ...(result.error ? { error_code: result.error } : {}) };
});
