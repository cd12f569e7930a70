// POST /authenticator/v0.1/factors — onboard a TOTP factor (tru.ID); GET — the partner's factors,
// `?search=external_user_id==X`, paged with `page` and `size`.
import { createFactor } from "@/lib/authenticator/create-factor";
import { listFactors } from "@/lib/authenticator/list-factors";
import { createFactorInput, listFactorsQuery } from "@/lib/authenticator/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, partner, ip, requestId }) => {
  const factor = await createFactor(partner.client, await parseJsonBody(req, createFactorInput), { ip, requestId });
  return json(factor, { status: 200, headers: { Location: factor._links.self.href } });
});

export const GET = withPartner(async ({ req, partner }) => listFactors(partner.client.id, listFactorsQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
