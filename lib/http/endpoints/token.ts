// POST /v1/oauth/token — RFC 6749 §3.2, one definition for both doors: the Next.js route file and
// the lean dispatch path (lib/server/lean-routes.ts). Token responses are never cached (§5.1).
// CORS for public clients' origins (lib/http/cors.ts).
import { corsPreflight, withCors } from "@/lib/http/cors";
import { parseFormBody } from "@/lib/http/parse";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { handleTokenRequest } from "@/lib/oauth/token-request";

export const tokenEndpoint = withCors(
  "public-clients",
  route(async ({ req, ip, requestId }) => {
    const { tokens, headers } = await handleTokenRequest(req, await parseFormBody(req), { ip, requestId });
    return jsonReply(tokens, { cache: "no-store", headers });
  }),
);
export const tokenPreflight = corsPreflight("public-clients", ["POST"]);
