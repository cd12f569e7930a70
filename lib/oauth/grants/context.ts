import type { AuthenticatedClient } from "@/lib/http/client-auth";

/** What every grant knows about the request: the authenticated client and who to audit. */
export interface GrantContext {
  client: AuthenticatedClient["client"];
  ip: string;
  requestId: string;
}
