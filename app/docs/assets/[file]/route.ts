// GET /docs/assets/{file} — Swagger UI's script, stylesheet and icon, from our own origin.
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";
import { docsAssetResponse } from "@/lib/openapi/docs-assets";

export const dynamic = "force-dynamic";

export const GET = route<{ file: string }>(async ({ req, params }) => {
  const response = docsAssetResponse(params.file, req.headers);
  if (!response) throw new ProductError("not_found");
  return response;
});
