// POST /api/actions/{id}/options — the hosted challenge page asks for a WebAuthn challenge bound to
// this action and its user (opened by the action's token; same origin only).
import { z } from "zod";
import { actionChallengeOptions } from "@/lib/risk-actions/challenge";
import { challengeOptionsRequestSchema } from "@/lib/risk-actions/schemas";
import { limitCeremonies } from "@/lib/devices/http";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, params: z.object({ id: z.string() }), body: challengeOptionsRequestSchema }, async ({ ip, params, body }) => {
  await limitCeremonies(ip);
  return (await actionChallengeOptions({ actionId: params.id, token: body.token })) as unknown as Record<string, unknown>;
});
