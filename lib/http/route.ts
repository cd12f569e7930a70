// Route pipelines: a route declares what it needs (a partner, a session, same origin, a parsed
// body) and gets a context. Every error becomes a JSON answer here; nothing else reaches the client.
// Server actions have theirs in action.ts.
import type { z } from "zod";
import { isUserAccessToken, verifyAccessToken, type UserAccessTokenClaims } from "@/lib/oauth/access-token";
import { presentedAccessToken } from "@/lib/oauth/presented-access-token";
import { errorReply, isJsonReply, jsonReply, toWebResponse, type JsonReply } from "./respond";
import { authenticatePartner, type AuthenticatedClient } from "@/lib/clients/authenticate";
import { BearerTokenRequired, InsufficientScope, InvalidRequest, InvalidToken } from "@/lib/errors/oauth";
import { ProductError, type ProductErrorCode } from "@/lib/errors/product";
import type { Capability } from "@/lib/sessions/capabilities";
import type { SessionUser } from "@/lib/sessions/session-user";
import { parseFormBody, parseJsonBody } from "./parse";
import { assertSameOrigin } from "./same-origin";
import { clientIpOf, requestIdOf } from "@/lib/log/request-context";

export interface RequestContext<P = Record<string, string>> {
  req: Request;
  /** A request header (lower-case name) without building the web Request on the lean path. */
  header(name: string): string | null;
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
  /** A request header by its lower-case name, read from the node request (no web Request built). */
  header?: (name: string) => string | undefined;
}

/** A route handler as Next.js calls it, plus `reply`: the same handler answering without a web Response. */
export type RouteHandler<P> = ((req: Request, args?: NextRouteArgs<P>) => Promise<Response>) & {
  /** For the lean dispatch path, which writes JSON replies itself. */
  reply: (input: Request | LeanInput, args?: NextRouteArgs<P>) => Promise<Response | JsonReply>;
};

/**
 * What a JSON route our own pages call declares; checked in this order, before the handler:
 * - sameOrigin: the Origin must be Trustgate's public origin (403 cross_origin_request, same-origin.ts);
 * - auth "session": the signed-in end user (currentSessionUser, the one session lookup; 401
 *   session_required without one);
 * - may: a capability the session's sign-in method must hold (lib/sessions/capabilities.ts; 403
 *   session_not_allowed otherwise — e.g. a trusted-auth session enrolling a passkey);
 * - params: a schema for the path parameters; a value it refuses is `paramsError` (e.g. not found);
 * - body: a JSON body parsed with this schema (415/413/400 as parseJsonBody answers).
 */
export interface RouteDeclaration {
  sameOrigin?: boolean;
  auth?: "session";
  may?: Capability;
  params?: z.ZodType<Record<string, string>>;
  paramsError?: ProductErrorCode;
  body?: z.ZodType;
}

type ParamsOf<D extends RouteDeclaration> = D["params"] extends z.ZodType<infer P extends Record<string, string>> ? P : Record<string, string>;

type DeclaredContext<D extends RouteDeclaration> = RequestContext<ParamsOf<D>> & {
  body: D["body"] extends z.ZodType ? z.output<D["body"]> : undefined;
  user: D["auth"] extends "session" ? SessionUser : undefined;
};

/** A public route: request id, client IP, uniform errors; optionally a declaration (see RouteDeclaration). */
export function route<P extends Record<string, string> = Record<string, string>>(handler: (ctx: RequestContext<P>) => Promise<Result>): RouteHandler<P>;
export function route<const D extends RouteDeclaration>(declaration: D, handler: (ctx: DeclaredContext<D>) => Promise<Result>): RouteHandler<ParamsOf<D>>;
export function route<P extends Record<string, string>>(first: RouteDeclaration | ((ctx: RequestContext<P>) => Promise<Result>), second?: (ctx: DeclaredContext<RouteDeclaration>) => Promise<Result>): RouteHandler<P> {
  if (typeof first === "function") return pipeline(first);
  const declaration = first;
  return pipeline<P>(async (ctx) => {
    if (declaration.sameOrigin) assertSameOrigin(ctx.req);
    let user: SessionUser | null | undefined;
    if (declaration.auth === "session") {
      // Loaded on first use: the partner routes and the lean dispatch path never pull next-auth in.
      const [{ currentSessionUser }, { may }] = await Promise.all([import("@/lib/sessions/current-session"), import("@/lib/sessions/capabilities")]);
      user = await currentSessionUser(ctx.req);
      if (!user) throw new ProductError("session_required");
      if (declaration.may && !may(user, declaration.may)) throw new ProductError("session_not_allowed");
    }
    if (declaration.params && !declaration.params.safeParse(ctx.params).success) {
      if (declaration.paramsError) throw new ProductError(declaration.paramsError);
      declaration.params.parse(ctx.params);
    }
    const body = declaration.body ? await parseJsonBody(ctx.req, declaration.body) : undefined;
    return second!({ ...ctx, body, user } as unknown as DeclaredContext<RouteDeclaration>);
  });
}

function pipeline<P extends Record<string, string>>(handler: (ctx: RequestContext<P>) => Promise<Result>): RouteHandler<P> {
  const reply = async (input: Request | LeanInput, args?: NextRouteArgs<P>): Promise<Response | JsonReply> => {
    const lean = typeof (input as Partial<LeanInput>).request === "function" ? (input as LeanInput) : null;
    const requestId = lean ? lean.requestId : requestIdOf(input as Request);
    try {
      const params = args?.params ? await args.params : ({} as P);
      const ctx: RequestContext<P> = lean
        ? {
            get req() {
              return lean.request();
            },
            header: (name) => (lean.header ? (lean.header(name) ?? null) : lean.request().headers.get(name)),
            requestId,
            ip: lean.ip,
            params,
          }
        : { req: input as Request, header: (name) => (input as Request).headers.get(name), requestId, ip: clientIpOf(input as Request), params };
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

/** A route for a user's access token (RFC 6750 §2.1 header, §2.2 body where allowed, or RFC 9449 DPoP); a partner's own token gets 403. */
export function withUserToken<P extends Record<string, string> = Record<string, string>>(handler: (ctx: UserTokenContext<P>) => Promise<Result>, options: { acceptFormBody?: boolean } = {}) {
  return route<P>(async (ctx) => {
    const bodyToken = options.acceptFormBody ? await formBodyToken(ctx.req) : null;
    // RFC 6750 §3.1: no authentication information at all is not an invalid token.
    if (!bodyToken && !ctx.req.headers.get("authorization")) throw new BearerTokenRequired();
    // A DPoP-bound token cannot be sent in a body (it needs its proof): refused like any invalid token.
    const claims = bodyToken ? await verifyAccessToken(bodyToken).then((c) => (c && !c.cnf ? c : null)) : await presentedAccessToken(ctx.req);
    if (!claims) throw new InvalidToken();
    if (!isUserAccessToken(claims)) throw new InsufficientScope("This endpoint needs a user's access token, not a client_credentials token");
    return handler({ ...ctx, token: claims });
  });
}
