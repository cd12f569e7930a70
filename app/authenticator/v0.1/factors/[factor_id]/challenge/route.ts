// POST /authenticator/v0.1/factors/{factor_id}/challenge — issue a verification challenge (tru.ID).
import { createChallenge } from "@/lib/authenticator/create-challenge";
import { createChallengeInput } from "@/lib/authenticator/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner<{ factor_id: string }>(async ({ req, partner, params, ip, requestId }) => {
  const challenge = await createChallenge(partner.client, params.factor_id, await parseJsonBody(req, createChallengeInput), { ip, requestId });
  return json(challenge, { status: 200, headers: { Location: challenge._links.self.href } });
});
