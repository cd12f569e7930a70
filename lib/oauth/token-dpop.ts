// The token endpoint's DPoP step (RFC 9449 §5): a valid proof binds what the grant issues to its
// key; FAPI 2.0 clients must send one. Runs after client authentication, before the grant.
import type { Client } from "@/lib/db/generated/client";
import { requireDpopNonce } from "@/lib/config/settings";
import { InvalidRequest } from "@/lib/errors/oauth";
import { currentDpopNonce, endpointUrl, verifyDpopProof } from "./dpop";
import { mustUseDpop, signingAlgsFor } from "./fapi2";

export const TOKEN_ENDPOINT_PATH = "/v1/oauth/token";

/** The thumbprint of the request's DPoP key, or null when it carries no proof (and may not). */
export async function tokenRequestDpopJkt(req: Request, client: Client): Promise<string | null> {
  const proof = await verifyDpopProof(req, { htm: "POST", htu: endpointUrl(TOKEN_ENDPOINT_PATH), algorithms: signingAlgsFor(client) ?? undefined });
  if (!proof && mustUseDpop(client)) throw new InvalidRequest("This client must send a DPoP proof: its tokens are sender-constrained (FAPI 2.0)");
  return proof?.jkt ?? null;
}

/** Headers for a successful answer to a DPoP request: the next nonce, when nonces are required (§8.2). */
export function dpopReplyHeaders(jkt: string | null): Record<string, string> {
  return jkt && requireDpopNonce() ? { "DPoP-Nonce": currentDpopNonce() } : {};
}
