// POST /v1/oauth/introspect — RFC 7662, for the client the token belongs to (never cached). Used by
// the Next.js route file and the lean dispatch path (lib/server/lean-routes.ts).
import { parseFormBody } from "@/lib/http/parse";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect-request";

export const introspectEndpoint = route(async ({ req, ip, requestId }) => jsonReply(await handleIntrospectionRequest(req, await parseFormBody(req), { ip, requestId }), { cache: "no-store" }));
