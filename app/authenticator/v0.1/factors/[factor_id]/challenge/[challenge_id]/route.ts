// GET|PATCH /authenticator/v0.1/factors/{factor_id}/challenge/{challenge_id} — poll a challenge,
// or verify it with the code from the user's authenticator app (JSON Patch add /code, or {"code"}).
import { getChallenge } from "@/lib/authenticator/get-challenge";
import { readPatchBody } from "@/lib/authenticator/json-patch";
import { verifyChallenge } from "@/lib/authenticator/verify-challenge";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { factor_id: string; challenge_id: string };

export const GET = withPartner<Params>(async ({ partner, params, ip, requestId }) => getChallenge(partner.client.id, params.factor_id, params.challenge_id, { ip, requestId }));

export const PATCH = withPartner<Params>(async ({ req, partner, params, ip, requestId }) => {
  // Not found before the body is read: a code never counts against someone else's challenge.
  await getChallenge(partner.client.id, params.factor_id, params.challenge_id, { ip, requestId });
  return verifyChallenge(partner.client.id, params.factor_id, params.challenge_id, await readPatchBody(req), { ip, requestId });
});
