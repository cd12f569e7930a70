// POST /api/actions/{id}/options — the hosted challenge page asks for a WebAuthn challenge bound to
// this action and its user (opened by the action's token; same origin only).
import { actionChallengeOptions } from "@/lib/risk-actions/challenge";
import { challengeOptionsRequestSchema } from "@/lib/risk-actions/schemas";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { limitCeremonies } from "@/lib/devices/http";
import { parseJsonBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async ({ req, ip, params }) => {
  assertSameOrigin(req);
  const body = await parseJsonBody(req, challengeOptionsRequestSchema);
  await limitCeremonies(ip);
  return (await actionChallengeOptions({ actionId: params.id, token: body.token })) as unknown as Record<string, unknown>;
});
