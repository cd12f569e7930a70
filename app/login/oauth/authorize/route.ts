// GET /login/oauth/authorize — RFC 6749 §4.1.1. Never redirects to an unverified redirect_uri.
import { checkAuthorizeRequest } from "@/lib/authorize/check-authorize-request";
import { htmlPage } from "@/lib/http/html-page";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req }) => {
  const outcome = await checkAuthorizeRequest(new URL(req.url).searchParams);
  if (outcome.kind === "error_page") return htmlPage({ title: outcome.title, message: outcome.message, status: 400 });
  const location = outcome.kind === "redirect" ? outcome.location : `/login/continue?rid=${outcome.requestId}`;
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
});
