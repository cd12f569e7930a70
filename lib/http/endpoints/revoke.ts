// POST /v1/oauth/revoke — RFC 7009: 200 with no body whether or not the token was known (§2.2).
// Used by the Next.js route file and the lean dispatch path (lib/server/lean-routes.ts). CORS for
// public clients' origins (they revoke with their client_id on sign-out).
import { corsPreflight, withCors } from "@/lib/http/cors";
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { handleRevocationRequest } from "@/lib/oauth/revoke-request";

export const revokeEndpoint = withCors(
  "public-clients",
  route(async ({ req, ip, requestId }) => {
    await handleRevocationRequest(req, await parseFormBody(req), { ip, requestId });
    return new Response(null, { status: 200, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
  }),
);
export const revokePreflight = corsPreflight("public-clients", ["POST"]);
