// POST /v1/oauth/revoke — RFC 7009 token revocation (200 whether or not the token was known).
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { handleRevocationRequest } from "@/lib/oauth/revoke-request";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => handleRevocationRequest(req, await parseFormBody(req), { ip, requestId }));
