// GET /sdk/v1/trustgate.js — the web SDK v1 (ES module) for partners' pages; immutable, CORS *.
import { SDK_ASSET_HEADERS } from "@/lib/sdk/v1/serve";
import { SDK_V1_JS } from "@/lib/sdk/v1/source";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response(SDK_V1_JS, { headers: { ...SDK_ASSET_HEADERS, "Content-Type": "text/javascript; charset=utf-8" } });
}
