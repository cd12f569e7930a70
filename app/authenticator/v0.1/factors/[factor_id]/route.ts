// GET|PATCH|DELETE /authenticator/v0.1/factors/{factor_id} — read, activate (code) or change the
// status of, and delete one of the partner's factors. Another partner's factor is 404.
import { deleteFactor } from "@/lib/authenticator/delete-factor";
import { findOwnFactor } from "@/lib/authenticator/find-factor";
import { readPatchBody } from "@/lib/authenticator/json-patch";
import { patchFactor } from "@/lib/authenticator/patch-factor";
import { serializeFactor } from "@/lib/authenticator/serialize";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { factor_id: string };

export const GET = withPartner<Params>(async ({ partner, params }) => serializeFactor(await findOwnFactor(partner.client.id, params.factor_id)));

export const PATCH = withPartner<Params>(async ({ req, partner, params, ip, requestId }) => {
  await findOwnFactor(partner.client.id, params.factor_id);
  return patchFactor(partner.client.id, params.factor_id, await readPatchBody(req), { ip, requestId });
});

export const DELETE = withPartner<Params>(async ({ partner, params, ip, requestId }) => {
  await deleteFactor(partner.client.id, params.factor_id, { ip, requestId });
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
