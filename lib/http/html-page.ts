// A minimal, self-contained HTML page for answers a route handler must render itself (error
// pages that must not redirect). Everything interpolated is escaped.
import { escapeHtml } from "@/lib/validation/html";

export function htmlPage(options: { title: string; message: string; status: number }): Response {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Trustgate</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}main{max-width:32rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:1rem;box-shadow:0 1px 3px #0002}h1{font-size:1.4rem;margin:0 0 1rem}p{line-height:1.5}</style>
</head><body><main role="main"><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.message)}</p>
<p>Return to the application you came from and try again. If this keeps happening, contact its support.</p></main></body></html>`;
  return new Response(body, { status: options.status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
