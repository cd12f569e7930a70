// Route pipelines: a route declares what it needs (a partner, a parsed body) and gets a context.
// Every error becomes a JSON answer here; nothing else reaches the client.
import { isUserAccessToken, verifyAccessToken, type UserAccessTokenClaims } from "@/lib/oauth/access-token";
import { errorResponse, json } from "./respond";
import { authenticatePartner, bearerTokenOf, type AuthenticatedClient } from "./client-auth";
import { InsufficientScope, InvalidToken } from "./oauth-errors";
import { clientIpOf, requestIdOf } from "./request-context";

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

type Result = Response | Record<string, unknown> | unknown[];
type NextRouteArgs<P> = { params: Promise<P> };

function toResponse(result: Result): Response {
  return result instanceof Response ? result : json(result);
}

/** A public route: request id, client IP, uniform errors. */
export function route<P extends Record<string, string> = Record<string, string>>(handler: (ctx: RequestContext<P>) => Promise<Result>) {
  return async (req: Request, args?: NextRouteArgs<P>): Promise<Response> => {
    const requestId = requestIdOf(req);
    try {
      const params = args?.params ? await args.params : ({} as P);
      return toResponse(await handler({ req, requestId, ip: clientIpOf(req), params }));
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
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

/** A route for a user's access token (RFC 6750 §2.1 header); a partner's own token gets 403. */
export function withUserToken<P extends Record<string, string> = Record<string, string>>(handler: (ctx: UserTokenContext<P>) => Promise<Result>) {
  return route<P>(async (ctx) => {
    const presented = bearerTokenOf(ctx.req);
    const claims = presented ? await verifyAccessToken(presented) : null;
    if (!claims) throw new InvalidToken();
    if (!isUserAccessToken(claims)) throw new InsufficientScope("This endpoint needs a user's access token, not a client_credentials token");
    return handler({ ...ctx, token: claims });
  });
}
