// CORS (Fetch standard §3.2) for the endpoints a browser client calls — and only those. Two policies:
// - "public-metadata" (discovery, JWKS): `Access-Control-Allow-Origin: *`. They are public, the same
//   for everyone, carry no credentials and are cached publicly; a reflected origin would need
//   `Vary: Origin` and split shared caches for nothing. `*` never lets a page send cookies.
// - "public-clients" (token, userinfo, revocation): the request's Origin is echoed only when it is
//   the origin of a redirect URI registered for an enabled public client (no wildcard), with
//   `Vary: Origin`; never `Access-Control-Allow-Credentials` (these endpoints take no cookies).
// Hosted pages, introspection and the partner APIs (client secrets, Basic auth) get no CORS at all.
// The same route handlers answer on the lean path and in Next.js, so both answer the same.
import { isPublicClientOrigin } from "@/lib/clients/public-client-origins";
import { CORS_PREFLIGHT_MAX_AGE_S } from "@/lib/config/limits";
import { isJsonReply, type JsonReply } from "./respond";
import type { LeanInput, RouteHandler } from "./route";

export type CorsPolicy = "public-metadata" | "public-clients";

/** Request headers a browser client may send (DPoP: RFC 9449 proofs). */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "DPoP"];
/** Response headers a browser client may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["WWW-Authenticate", "Retry-After", "DPoP-Nonce"];

type Input = Request | LeanInput;
const originOf = (input: Input) => (input instanceof Request ? input : (input as LeanInput).request()).headers.get("origin");

/** The CORS headers of an actual (non-preflight) response under `policy`. */
async function responseHeaders(policy: CorsPolicy, input: Input): Promise<Record<string, string>> {
  if (policy === "public-metadata") return { "Access-Control-Allow-Origin": "*" };
  const origin = originOf(input);
  // The endpoint's own answer decides the status; a failed origin lookup only withholds CORS.
  if (!origin || !(await isPublicClientOrigin(origin).catch(() => false))) return { Vary: "Origin" };
  return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", "), Vary: "Origin" };
}

function withHeaders(answer: Response | JsonReply, headers: Record<string, string>): Response | JsonReply {
  if (isJsonReply(answer)) {
    Object.assign(answer.headers, headers);
    return answer;
  }
  for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
  return answer;
}

/** The route handler, answering with the CORS headers of `policy` (errors included: a browser must read them). */
export function withCors<P>(policy: CorsPolicy, handler: RouteHandler<P>): RouteHandler<P> {
  const reply: RouteHandler<P>["reply"] = async (input, args) => {
    const [answer, headers] = await Promise.all([handler.reply(input, args), responseHeaders(policy, input)]);
    return withHeaders(answer, headers);
  };
  const web = async (req: Request, args?: Parameters<RouteHandler<P>>[1]): Promise<Response> => {
    const [answer, headers] = await Promise.all([handler(req, args), responseHeaders(policy, req)]);
    return withHeaders(answer, headers) as Response;
  };
  return Object.assign(web, { reply });
}

/**
 * OPTIONS: the preflight answer (204), cached by the browser for CORS_PREFLIGHT_MAX_AGE_S. An
 * origin that may not call gets a 204 without CORS headers, which the browser treats as a refusal.
 */
export function corsPreflight(policy: CorsPolicy, methods: string[]): RouteHandler<Record<string, string>> {
  const reply = async (input: Input): Promise<Response> => {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    const origin = policy === "public-metadata" ? "*" : originOf(input);
    if (origin && (policy === "public-metadata" || (await isPublicClientOrigin(origin)))) {
      headers["Access-Control-Allow-Origin"] = origin;
      headers["Access-Control-Allow-Methods"] = [...methods, "OPTIONS"].join(", ");
      headers["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS.join(", ");
      headers["Access-Control-Max-Age"] = String(CORS_PREFLIGHT_MAX_AGE_S);
    }
    if (policy === "public-clients") headers.Vary = "Origin";
    return new Response(null, { status: 204, headers });
  };
  const web = (req: Request) => reply(req);
  return Object.assign(web, { reply });
}
