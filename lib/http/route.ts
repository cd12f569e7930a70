// Route pipelines: a route declares what it needs (a partner, a parsed body) and gets a context.
// Every error becomes a JSON answer here; nothing else reaches the client.
import { isUserAccessToken, verifyAccessToken, type UserAccessTokenClaims } from "@/lib/oauth/access-token";
import { errorReply, isJsonReply, jsonReply, toWebResponse, type JsonReply } from "./respond";
import { authenticatePartner, bearerTokenOf, type AuthenticatedClient } from "@/lib/clients/authenticate";
import { BearerTokenRequired, InsufficientScope, InvalidRequest, InvalidToken } from "@/lib/errors/oauth";
import { clientIpOf, requestIdOf } from "./request-context";
import { parseFormBody } from "./parse";

export interface RequestContext<P = Record<string, string>> {
  req: Request;
  requestId: string;
  ip: string;
  params: P;
}

export interface PartnerContext<P = Record<string, string>> extends RequestContext<P> {
  partner: AuthenticatedClient;
}

export interface UserTokenContext<P = Record<string, string>> extends RequestContext<P> {
  /** A verified, unrevoked access token issued to a user (sub = user id). */
  token: UserAccessTokenClaims;
}

type Result = Response | JsonReply | Record<string, unknown> | unknown[];
type NextRouteArgs<P> = { params: Promise<P> };

/**
 * What the lean dispatch path (lib/server/http-server.ts) hands a route: the facts the server
 * front established, and the standard Request, built on first use.
 */
export interface LeanInput {
  requestId: string;
  ip: string;
  request: () => Request;
}

/** A route handler as Next.js calls it, plus `reply`: the same handler answering without a web Response. */
export type RouteHandler<P> = ((req: Request, args?: NextRouteArgs<P>) => Promise<Response>) & {
  /** For the lean dispatch path, which writes JSON replies itself. */
  reply: (input: Request | LeanInput, args?: NextRouteArgs<P>) => Promise<Response | JsonReply>;
};

/** A public route: request id, client IP, uniform errors. */
export function route<P extends Record<string, string> = Record<string, string>>(handler: (ctx: RequestContext<P>) => Promise<Result>): RouteHandler<P> {
  const reply = async (input: Request | LeanInput, args?: NextRouteArgs<P>): Promise<Response | JsonReply> => {
    const lean = typeof (input as Partial<LeanInput>).request === "function" ? (input as LeanInput) : null;
    const requestId = lean ? lean.requestId : requestIdOf(input as Request);
    try {
      const params = args?.params ? await args.params : ({} as P);
      const ctx: RequestContext<P> = lean
        ? { get req() { return lean.request(); }, requestId, ip: lean.ip, params }
        : { req: input as Request, requestId, ip: clientIpOf(input as Request), params };
      const result = await handler(ctx);
      return result instanceof Response || isJsonReply(result) ? result : jsonReply(result);
    } catch (error) {
      return errorReply(error, requestId);
    }
  };
  const web = async (req: Request, args?: NextRouteArgs<P>): Promise<Response> => {
    const result = await reply(req, args);
    return result instanceof Response ? result : toWebResponse(result);
  };
  return Object.assign(web, { reply });
}

/**
 * A partner API route: the caller must authenticate as a confidential client, with HTTP Basic or
 * a Bearer access token from the client_credentials grant.
 */
export function withPartner<P extends Record<string, string> = Record<string, string>>(handler: (ctx: PartnerContext<P>) => Promise<Result>) {
  return route<P>(async (ctx) => {
    const partner = await authenticatePartner(ctx.req, { ip: ctx.ip, requestId: ctx.requestId });
    return handler({ ...ctx, partner });
  });
}

/**
 * The access token of a form-encoded POST body (RFC 6750 §2.2), for the routes that accept it
 * (userinfo: OpenID Connect Core §5.3.1). Using it together with the header is invalid_request (§2).
 */
async function formBodyToken(req: Request): Promise<string | null> {
  if (req.method !== "POST" || !/^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "")) return null;
  const token = (await parseFormBody(req)).get("access_token");
  if (token !== null && req.headers.get("authorization")) throw new InvalidRequest("Send the access token in the Authorization header or the body, not both");
  return token || null;
}

/** A route for a user's access token (RFC 6750 §2.1 header); a partner's own token gets 403. */
export function withUserToken<P extends Record<string, string> = Record<string, string>>(handler: (ctx: UserTokenContext<P>) => Promise<Result>, options: { acceptFormBody?: boolean } = {}) {
  return route<P>(async (ctx) => {
    const presented = bearerTokenOf(ctx.req) ?? (options.acceptFormBody ? await formBodyToken(ctx.req) : null);
    // RFC 6750 §3.1: no authentication information at all is not an invalid token.
    if (!presented && !ctx.req.headers.get("authorization")) throw new BearerTokenRequired();
    const claims = presented ? await verifyAccessToken(presented) : null;
    if (!claims) throw new InvalidToken();
    if (!isUserAccessToken(claims)) throw new InsufficientScope("This endpoint needs a user's access token, not a client_credentials token");
    return handler({ ...ctx, token: claims });
  });
}
