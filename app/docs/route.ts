// GET /docs — the API reference, rendered by Swagger UI from /openapi.json.
import { route } from "@/lib/http/route";
import { cspNonceOf, docsPageResponse } from "@/lib/openapi/docs-page";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req }) => docsPageResponse(cspNonceOf(req)));
