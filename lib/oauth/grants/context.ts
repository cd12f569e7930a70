import type { AuthenticatedClient } from "@/lib/clients/authenticate";

/** What every grant knows about the request: the authenticated client and who to audit. */
export interface GrantContext {
  client: AuthenticatedClient["client"];
  ip: string;
  requestId: string;
  /** RFC 9449: thumbprint of the key of the request's valid DPoP proof, if it carried one. */
  dpopJkt?: string | null;
}
