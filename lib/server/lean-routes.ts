// The lean dispatch path (docs/benchmarks.md): the few machine-to-machine endpoints partners call
// at volume, and the authorization endpoint (a redirect, no page), answered by the node:http front without Next.js's router — by the SAME endpoint
// definitions Next.js serves (lib/http/endpoints/*, which the app route files export), called with a
// standard Request through their `reply` form (lib/http/route.ts), which skips building a web
// Response for JSON answers, and the Request itself when the route never looks at it. Everything else, including these paths with another method, a trailing slash or
// a different spelling, goes to Next.js. TRUSTGATE_LEAN_DISPATCH=off sends everything to Next.js.
//
// These modules are loaded here by the server process itself, not from Next's bundle: state that
// must be shared lives on globalThis (the database pool, the signing-key cache), as it must already
// for Next, which bundles every route separately.
import { authorizeGet, authorizePost } from "@/lib/http/endpoints/authorize";
import { discoveryEndpoint as discovery, discoveryPreflight } from "@/lib/http/endpoints/discovery";
import { healthEndpoint as health } from "@/lib/http/endpoints/health";
import { introspectEndpoint as introspect } from "@/lib/http/endpoints/introspect";
import { jwksEndpoint as jwks, jwksPreflight } from "@/lib/http/endpoints/jwks";
import { revokeEndpoint as revoke, revokePreflight } from "@/lib/http/endpoints/revoke";
import { tokenEndpoint as token, tokenPreflight } from "@/lib/http/endpoints/token";

import type { JsonReply } from "@/lib/http/respond";
import type { LeanInput } from "@/lib/http/route";

export type LeanHandler = (input: LeanInput) => Promise<Response | JsonReply>;

/** "METHOD /exact/path" → handler. */
export const LEAN_ROUTES: ReadonlyMap<string, LeanHandler> = new Map<string, LeanHandler>([
  ["POST /v1/oauth/token", (input) => token.reply(input)],
  ["POST /v1/oauth/introspect", (input) => introspect.reply(input)],
  ["POST /v1/oauth/revoke", (input) => revoke.reply(input)],
  ["GET /.well-known/jwks.json", (input) => jwks.reply(input)],
  ["GET /.well-known/openid-configuration", (input) => discovery.reply(input)],
  ["GET /.well-known/oauth-authorization-server", (input) => discovery.reply(input)],
  // Liveness: answered before Next.js, so it stays fast whatever the rest of the process is doing.
  ["GET /healthz", (input) => health.reply(input)],
  // Where every hosted sign-in starts, and a returning user's ends (a redirect with the code).
  ["GET /login/oauth/authorize", (input) => authorizeGet.reply(input)],
  ["POST /login/oauth/authorize", (input) => authorizePost.reply(input)],
  // CORS preflights of the same endpoints (lib/http/cors.ts): browsers send one before a token call.
  ["OPTIONS /v1/oauth/token", (input) => tokenPreflight.reply(input)],
  ["OPTIONS /v1/oauth/revoke", (input) => revokePreflight.reply(input)],
  ["OPTIONS /.well-known/jwks.json", (input) => jwksPreflight.reply(input)],
  ["OPTIONS /.well-known/openid-configuration", (input) => discoveryPreflight.reply(input)],
  ["OPTIONS /.well-known/oauth-authorization-server", (input) => discoveryPreflight.reply(input)],
]);

export function leanDispatchEnabled(): boolean {
  return process.env.TRUSTGATE_LEAN_DISPATCH !== "off";
}
