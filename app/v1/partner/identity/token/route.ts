// POST /v1/partner/identity/token — exchange a trusted-auth session token for OAuth tokens without
// UI (SPEC §3). Token responses are never cached (RFC 6749 §5.1).
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";
import { exchangeSessionToken } from "@/lib/trusted-auth/exchange-token";
import { identityTokenRequest } from "@/lib/trusted-auth/schemas";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, partner, ip, requestId }) => {
  const input = await parseJsonBody(req, identityTokenRequest);
  return json(await exchangeSessionToken(partner.client, input, { ip, requestId }), { cache: "no-store" });
});
