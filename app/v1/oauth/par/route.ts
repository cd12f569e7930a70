// POST /v1/oauth/par — RFC 9126 (pushed authorization requests).
import { parseFormBody } from "@/lib/http/parse";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { handlePushedAuthorizationRequest } from "@/lib/oauth/par";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => {
  const { status, body } = await handlePushedAuthorizationRequest(req, await parseFormBody(req), { ip, requestId });
  return jsonReply(body, { status, cache: "no-store" });
});
