// GET /login/oauth/authorize — RFC 6749 §4.1.1. Never redirects to an unverified redirect_uri.
// With session_token (trusted authentication, SPEC §3) a valid request signs the user in first.
import { checkAuthorizeRequest } from "@/lib/authorize/check-authorize-request";
import { htmlPage } from "@/lib/http/html-page";
import { route } from "@/lib/http/route";
import { signInWithSessionToken } from "@/lib/trusted-auth/authorize-sign-in";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req, ip, requestId }) => {
  const query = new URL(req.url).searchParams;
  const outcome = await checkAuthorizeRequest(query);
  if (outcome.kind === "error_page") return htmlPage({ title: outcome.title, message: outcome.message, status: 400 });
  if (outcome.kind === "redirect") return go(outcome.location);
  const sessionToken = query.get("session_token");
  if (sessionToken === null) return go(`/login/continue?rid=${outcome.requestId}`);
  const signedIn = await signInWithSessionToken({ requestId: outcome.requestId, sessionToken, ip, httpRequestId: requestId });
  return go(signedIn.location, signedIn.setCookie);
});

function go(location: string, setCookie: string | null = null): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return new Response(null, { status: 302, headers });
}
