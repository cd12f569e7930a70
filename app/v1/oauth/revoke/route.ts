// POST /v1/oauth/revoke — RFC 7009 token revocation (200 whether or not the token was known).
// CORS for public clients' origins (they revoke with their client_id on sign-out).
import { corsPreflight, withCors } from "@/lib/http/cors";
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { handleRevocationRequest } from "@/lib/oauth/revoke-request";

export const dynamic = "force-dynamic";

export const POST = withCors("public-clients", route(async ({ req, ip, requestId }) => handleRevocationRequest(req, await parseFormBody(req), { ip, requestId })));
export const OPTIONS = corsPreflight("public-clients", ["POST"]);
