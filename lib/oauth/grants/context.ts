import type { AuthenticatedClient } from "@/lib/clients/authenticate";

/** What every grant knows about the request: the authenticated client and who to audit. */
export interface GrantContext {
  client: AuthenticatedClient["client"];
  ip: string;
  requestId: string;
}
