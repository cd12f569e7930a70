// Route pipelines: a route declares what it needs (a partner, a parsed body) and gets a context.
// Every error becomes a JSON answer here; nothing else reaches the client.
import { errorResponse, json } from "./respond";
import { authenticateClient, type AuthenticatedClient } from "./client-auth";
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

/** A partner API route: the caller must authenticate as a confidential client (HTTP Basic). */
export function withPartner<P extends Record<string, string> = Record<string, string>>(handler: (ctx: PartnerContext<P>) => Promise<Result>) {
  return route<P>(async (ctx) => {
    const partner = await authenticateClient(ctx.req, { ip: ctx.ip, requestId: ctx.requestId });
    return handler({ ...ctx, partner });
  });
}
