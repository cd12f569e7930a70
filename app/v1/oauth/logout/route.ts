// GET|POST /v1/oauth/logout — OpenID Connect RP-Initiated Logout 1.0 (end_session_endpoint).
import { htmlPage } from "@/lib/http/html-page";
import { escapeHtml } from "@/lib/validation/html";
import { route } from "@/lib/http/route";
import { rpInitiatedLogout } from "@/lib/logout/rp-logout";
import { sessionClearCookie } from "@/lib/sessions/cookie";
import { sessionToken } from "@/lib/sessions/current-session";

export const dynamic = "force-dynamic";

async function paramsOf(req: Request): Promise<{ params: URLSearchParams; confirmed: boolean }> {
  if (req.method !== "POST") return { params: new URL(req.url).searchParams, confirmed: false };
  const type = req.headers.get("content-type") ?? "";
  const params = type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams((await req.text()).slice(0, 16_384)) : new URLSearchParams();
  return { params, confirmed: params.get("confirm") === "yes" };
}

function confirmPage(fields: Record<string, string>): Response {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign out · Trustgate</title></head>
<body><main><h1>Sign out of Trustgate?</h1><p>An application asked to sign you out of Trustgate on this browser.</p>
<form method="post" action="/v1/oauth/logout">${hidden}<input type="hidden" name="confirm" value="yes"><button type="submit">Sign out</button></form></main></body></html>`;
  return new Response(body, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

const handler = route(async ({ req, ip, requestId }) => {
  const { params, confirmed } = await paramsOf(req);
  const outcome = await rpInitiatedLogout(params, { sessionToken: await sessionToken(req), confirmed, ip, requestId });
  if (outcome.kind === "error") return htmlPage({ title: outcome.title, message: outcome.message, status: 400 });
  if (outcome.kind === "confirm") return confirmPage(outcome.fields);
  const headers = new Headers({ "Cache-Control": "no-store", "Set-Cookie": sessionClearCookie() });
  if (outcome.location) {
    headers.set("Location", outcome.location);
    return new Response(null, { status: 303, headers });
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out · Trustgate</title></head><body><main><h1>You are signed out</h1><p>You can close this window.</p></main></body></html>`, {
    status: 200,
    headers,
  });
});

export const GET = handler;
export const POST = handler;
