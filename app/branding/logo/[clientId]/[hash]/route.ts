// GET /branding/logo/{client_id}/{hash} — a partner's logo for the hosted pages. The URL names the
// bytes (hash), so it is cached for a year and never changes; the type is the sniffed one (PNG,
// JPEG or WebP — never SVG), nosniff, a CSP that lets the file run nothing, same-origin only.
import { clientLogo } from "@/lib/clients/branding/branding";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req, params }) => {
  const logo = await clientLogo(params.clientId ?? "", params.hash ?? "");
  if (!logo) return new Response("No such logo.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
  const etag = `"${logo.hash}"`;
  const headers: Record<string, string> = {
    "Content-Type": logo.type,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: etag,
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Disposition": "inline",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(logo.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, "Content-Length": String(logo.bytes.byteLength) } });
});
