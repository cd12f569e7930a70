// POST /v1/oauth/introspect — RFC 7662 token introspection, for the client the token belongs to.
import { parseFormBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect-request";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => handleIntrospectionRequest(req, await parseFormBody(req), { ip, requestId }));
