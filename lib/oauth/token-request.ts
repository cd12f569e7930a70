// POST /v1/oauth/token — RFC 6749 §3.2. Client authentication is real from the start; the grants
// themselves arrive with the hosted OAuth issue and answer unsupported_grant_type until then.
import { authenticateClient } from "@/lib/http/client-auth";
import { InvalidRequest, UnsupportedGrantType } from "@/lib/http/oauth-errors";

const KNOWN_GRANTS = new Set(["authorization_code", "refresh_token", "client_credentials"]);

export async function handleTokenRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<never> {
  await authenticateClient(req, { ...meta, allowPublic: true }, form);
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequest("grant_type is required");
  if (!KNOWN_GRANTS.has(grantType)) throw new UnsupportedGrantType(`grant_type "${grantType}" is not supported`);
  throw new UnsupportedGrantType(`grant_type "${grantType}" is not enabled on this server yet`);
}
