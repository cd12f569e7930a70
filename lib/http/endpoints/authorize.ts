// GET|POST /login/oauth/authorize — RFC 6749 §4.1.1; OpenID Connect Core §3.1.2.1: GET and POST
// (form-encoded) both. Never redirects to an unverified redirect_uri. With session_token (trusted
// authentication, SPEC §3) a valid request signs the user in first. Used by the Next.js route file
// and the lean dispatch path (lib/server/lean-routes.ts): every hosted sign-in starts here, and a
// returning user's ends here too (session and remembered consent: straight back with a code).
import { checkAuthorizeRequest } from "@/lib/authorize/check-authorize-request";
import { publicUrl } from "@/lib/config/settings";
import { chooseLocale, localeCookie, matchUiLocales } from "@/lib/i18n/locales";
import { nextLocation } from "@/lib/authorize/step-location";
import { OAuthError } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { htmlPage } from "@/lib/http/html-page";
import { parseFormBody } from "@/lib/http/parse";
import { route, type RequestContext } from "@/lib/http/route";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { signInWithSessionToken } from "@/lib/trusted-auth/authorize-sign-in";

export const authorizeGet = route(async (ctx) => authorize(new URL(ctx.req.url).searchParams, ctx, "get"));
export const authorizePost = route(async (ctx) => {
  // The authorization endpoint answers people, not programs: a body it cannot read is a page too.
  const form = await parseFormBody(ctx.req).catch((error: unknown) => {
    if (error instanceof OAuthError || error instanceof ProductError) return htmlPage({ title: "Invalid sign-in request", message: error.description, status: error.status });
    throw error;
  });
  return form instanceof Response ? form : authorize(form, ctx, "post");
});

async function authorize(query: URLSearchParams, { req, ip, requestId }: RequestContext, method: "get" | "post"): Promise<Response> {
  const outcome = await checkAuthorizeRequest(query);
  // ui_locales (Core §3.1.2.1) picks the language of this sign-in's pages; remembered in a cookie.
  // A pushed request's (RFC 9126) was read when it was pushed: only its own parameters count.
  const chosen = outcome.kind === "started" && outcome.pushed ? outcome.pushed.uiLocale : matchUiLocales(query.get("ui_locales"));
  // Set when this request picks a language; cleared when it picks none and an earlier one is remembered.
  const remembered = /(?:^|;\s*)tg_locale=/.test(req.headers.get("cookie") ?? "");
  const languageCookie = chosen || remembered ? localeCookie(chosen, publicUrl().startsWith("https://")) : null;
  if (outcome.kind === "error_page") {
    const locale = chosen ?? chooseLocale({ acceptLanguage: req.headers.get("accept-language") });
    return htmlPage({ title: outcome.title, message: outcome.message, status: 400, locale, brand: outcome.brand });
  }
  if (outcome.kind === "redirect") return go(outcome.location);
  const sessionToken = query.get("session_token");
  if (sessionToken === null) {
    // A partner's cross-site form POST carries no SameSite=Lax cookie (the session): the browser
    // bounces through /login/continue, a GET that does. A GET has the cookies: the next step
    // (the phone page, consent, or straight back with a code) is decided here, one round trip less.
    const location = method === "get" ? await nextLocation(outcome.request, await currentSessionUser(req)) : null;
    return go(location ?? `/login/continue?rid=${outcome.requestId}`, languageCookie);
  }
  const signedIn = await signInWithSessionToken({ requestId: outcome.requestId, sessionToken, ip, httpRequestId: requestId });
  return go(signedIn.location, signedIn.setCookie, languageCookie);
}

function go(location: string, ...setCookies: (string | null)[]): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const cookie of setCookies) if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}
