// GET /openapi.json — the OpenAPI 3.1 document of the partner API (built once per process).
import { route } from "@/lib/http/route";
import { openApiDocumentResponse } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req }) => openApiDocumentResponse(req.headers));
