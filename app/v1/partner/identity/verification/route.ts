// POST /v1/partner/identity/verification — mint a trusted-auth session token (SPEC §3, Astra).
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";
import { mintTrustedAuthToken } from "@/lib/trusted-auth/mint-token";
import { identityVerificationRequest } from "@/lib/trusted-auth/schemas";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, partner, ip, requestId }) => {
  const input = await parseJsonBody(req, identityVerificationRequest);
  return json(await mintTrustedAuthToken(partner.client, input, { ip, requestId }), { cache: "no-store" });
});
