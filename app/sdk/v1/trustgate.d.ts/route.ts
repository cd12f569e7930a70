// GET /sdk/v1/trustgate.d.ts — TypeScript types of the web SDK v1; immutable, CORS *.
import { SDK_ASSET_HEADERS } from "@/lib/sdk/v1/serve";
import { SDK_V1_DTS } from "@/lib/sdk/v1/source";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response(SDK_V1_DTS, { headers: { ...SDK_ASSET_HEADERS, "Content-Type": "application/typescript; charset=utf-8" } });
}
