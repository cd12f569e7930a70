// /docs: Swagger UI (a maintained OpenAPI renderer) over /openapi.json, with its files served by
// /docs/assets/*. It runs under the site-wide CSP unchanged: its two scripts carry the request's
// nonce ('strict-dynamic' ignores 'self'), its inline styles are allowed by style-src, its icons
// are data: images, and it fetches only /openapi.json (connect-src 'self').
import { escapeHtml } from "@/lib/validation/html";
import { SWAGGER_UI_VERSION } from "./docs-assets";

/** The nonce http-server put into this request's Content-Security-Policy header. */
export function cspNonceOf(req: Request): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(req.headers.get("content-security-policy") ?? "")?.[1] ?? null;
}

export function docsPageResponse(nonce: string | null): Response {
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : "";
  const asset = (file: string) => `/docs/assets/${file}?v=${encodeURIComponent(SWAGGER_UI_VERSION)}`;
  // validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
  const init = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  deepLinking: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  validatorUrl: null,
  persistAuthorization: false
});`;
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trustgate API reference</title>
<link rel="icon" href="${asset("favicon-32x32.png")}">
<link rel="stylesheet" href="${asset("swagger-ui.css")}">
</head><body>
<noscript><p>The interactive reference needs JavaScript. The OpenAPI 3.1 document itself is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="${asset("swagger-ui-bundle.js")}"${nonceAttr}></script>
<script${nonceAttr}>${init}</script>
</body></html>`;
  return new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
