// POST /v1/oauth/token — RFC 6749 §3.2 (responses are never cached). CORS for public clients' origins.
import { handleTokenRequest } from "@/lib/oauth/token-request";
import { corsPreflight, withCors } from "@/lib/http/cors";
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withCors("public-clients", route(async ({ req, ip, requestId }) => handleTokenRequest(req, await parseFormBody(req), { ip, requestId })));
export const OPTIONS = corsPreflight("public-clients", ["POST"]);
