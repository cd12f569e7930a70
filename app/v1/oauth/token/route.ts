// POST /v1/oauth/token — RFC 6749 §3.2 (responses are never cached).
import { handleTokenRequest } from "@/lib/oauth/token-request";
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => handleTokenRequest(req, await parseFormBody(req), { ip, requestId }));
