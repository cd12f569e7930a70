// POST /v1/oauth/par — RFC 9126 (pushed authorization requests).
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { handlePushedAuthorizationRequest } from "@/lib/oauth/par";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => handlePushedAuthorizationRequest(req, await parseFormBody(req), { ip, requestId }));
