// The HTTP front of every Trustgate instance: Next.js behind a thin node:http layer that sets
// what must hold for every response (security headers, request id, client IP) and logs requests.
// A few hot machine-to-machine endpoints can be answered here directly by their own route handler
// functions (the lean dispatch path, lib/server/lean-routes.ts); everything else goes to Next.js.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { MAX_JSON_BODY_BYTES } from "@/lib/config/limits";
import { isProduction, publicUrl, trustProxy } from "@/lib/config/settings";
import { attachRawBody, rawBodyOf } from "@/lib/validation/raw-body";
import { isBodilessStatus, type JsonReply } from "@/lib/http/respond";
import type { LeanInput } from "@/lib/http/route";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/log/request-context";
import { isLoopbackClient } from "@/lib/sms/outbox-access";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";
import { logger } from "@/lib/log/logger";
import { answerMetrics, isMetricsRequest } from "@/lib/metrics/endpoint";
import { observeHttpRequest } from "@/lib/metrics/http-observer";
import { loadRouteTemplates, type RouteTemplates } from "@/lib/metrics/http-routes";
import { tracing } from "@/lib/tracing/tracer";
import { isDraining, readiness } from "./readiness";
import { isCrossOriginFormPost, refuseCrossOriginFormPost } from "./cross-origin-form-post";

type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
type LeanHandler = (input: LeanInput) => Promise<Response | JsonReply>;

export interface ServerOptions {
  /** "METHOD /exact/path" → route handler answered without Next.js (see lean-routes.ts). */
  lean?: ReadonlyMap<string, LeanHandler>;
  /** Route templates for the request metrics (default: the build in the working directory). */
  routeTemplates?: RouteTemplates;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function clientIp(req: http.IncomingMessage): string {
  if (trustProxy()) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
}

/** The request body, but never more than limit + 1 bytes: the handler's own size check then refuses it. */
function readCapped(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", done);
      req.off("error", reject);
      // A client that goes away after this must not surface as an unhandled stream error.
      req.on("error", () => {});
      resolve(Buffer.concat(chunks, Math.min(size, limit + 1)));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Stop reading: Node discards or closes what is left once the answer is sent.
      if (size > limit) {
        req.pause();
        done();
      }
    };
    req.on("data", onData);
    req.on("end", done);
    req.on("error", reject);
  });
}

/**
 * A standard Request for the lean path. Its body is attached as raw bytes (the route's parser
 * reads them, lib/http/raw-body.ts) and materialised as a web stream only if some code asks for
 * it: a Request built with a body costs twice one without (≈38 µs against ≈12 µs here).
 */
export function toRequest(req: http.IncomingMessage, body: Buffer | null): Request {
  let init: HeadersInit = req.headers as Record<string, string>;
  for (const value of Object.values(req.headers)) {
    if (typeof value === "string") continue;
    // Repeated headers (arrays) or odd values: the general form.
    const pairs: [string, string][] = [];
    for (const [name, item] of Object.entries(req.headers)) {
      if (Array.isArray(item)) for (const one of item) pairs.push([name, one]);
      else if (item !== undefined) pairs.push([name, item]);
    }
    init = pairs;
    break;
  }
  const url = `http://${req.headers.host}${req.url}`;
  const request = new Request(url, { method: req.method, headers: init });
  if (!body || !body.length) return request;
  attachRawBody(request, body);
  let full: Request | undefined;
  const withBody = () => (full ??= new Request(url, { method: req.method, headers: request.headers, body: body as Uint8Array<ArrayBuffer> }));
  for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"] as const) {
    Object.defineProperty(request, name, { value: () => withBody()[name]() });
  }
  Object.defineProperty(request, "body", { get: () => withBody().body });
  Object.defineProperty(request, "bodyUsed", { get: () => full?.bodyUsed ?? false });
  return request;
}

const nodeWriteHead = http.ServerResponse.prototype.writeHead;

/** A JSON reply, with the front's default headers where the reply has none of its own, in one write. */
function writeReply(res: http.ServerResponse, reply: JsonReply, defaults: [string, string][]): void {
  // A flat header list given to writeHead, with nothing set before, is Node's cheapest path.
  const own = Object.keys(reply.headers).map((name) => name.toLowerCase());
  const headers: string[] = [];
  for (const [name, value] of Object.entries(reply.headers)) headers.push(name, value);
  for (const [name, value] of defaults) if (!own.includes(name.toLowerCase())) headers.push(name, value);
  // A 304 or 204 has no content, so no Content-Length (a 304's would have to be the 200's).
  if (!isBodilessStatus(reply.status)) headers.push("Content-Length", String(Buffer.byteLength(reply.body)));
  // Shutting down: the client opens its next request elsewhere (see the writeHead wrapper).
  if (isDraining()) headers.push("Connection", "close");
  nodeWriteHead.call(res, reply.status, headers);
  res.end(isBodilessStatus(reply.status) ? undefined : reply.body);
}

async function writeResponse(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  const raw = rawBodyOf(response);
  res.end(raw ?? (response.body ? Buffer.from(await response.arrayBuffer()) : undefined));
}

async function dispatchLean(handler: LeanHandler, req: http.IncomingMessage, res: http.ServerResponse, context: { requestId: string; ip: string; defaults: [string, string][] }): Promise<void> {
  const body = req.method === "GET" || req.method === "HEAD" ? null : await readCapped(req, MAX_JSON_BODY_BYTES);
  // The web Request is built only if the route looks at it (JWKS and discovery do not).
  let request: Request | undefined;
  const answer = await handler({
    requestId: context.requestId,
    ip: context.ip,
    request: () => (request ??= toRequest(req, body)),
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  });
  if (answer instanceof Response) await writeResponse(res, answer);
  else writeReply(res, answer, context.defaults);
}

/** GET /readyz — answered by the front, which knows when this process is draining. */
async function answerReadiness(res: http.ServerResponse): Promise<void> {
  const { ready, body } = await readiness();
  res.statusCode = ready ? 200 : 503;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

/** The lean handler for this request, or null when Next.js must answer it. */
function leanHandlerFor(lean: ReadonlyMap<string, LeanHandler> | undefined, req: http.IncomingMessage): LeanHandler | null {
  // An odd Host or request target is left to Next.js, which has its own answers for them.
  if (!lean || !req.url?.startsWith("/") || !req.headers.host || !HOST.test(req.headers.host)) return null;
  const query = req.url.indexOf("?");
  return lean.get(`${req.method} ${query === -1 ? req.url : req.url.slice(0, query)}`) ?? null;
}

export function createTrustgateServer(handle: NextHandler, options: ServerOptions = {}): http.Server {
  const https = publicUrl().startsWith("https://");
  const dev = !isProduction();
  // Every header but the CSP (which carries the request's nonce) is the same for every response.
  const fixedHeaders = Object.entries(securityHeaders({ nonce: "", https, dev })).filter(([name]) => name !== "Content-Security-Policy");
  const logRequests = logger.isLevelEnabled("info");
  const templates = options.routeTemplates ?? loadRouteTemplates(process.cwd());
  // The metrics label of each lean route: its exact path.
  const leanRoute = new Map<LeanHandler, string>();
  for (const [key, handler] of options.lean ?? []) leanRoute.set(handler, key.slice(key.indexOf(" ") + 1));
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = process.hrtime.bigint();
    const incomingId = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof incomingId === "string" && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    // Overwrite, never trust, what the client sent in these.
    req.headers[REQUEST_ID_HEADER] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientIp(req);
    const csp = contentSecurityPolicy(newNonce(), { dev });
    req.headers["content-security-policy"] = csp;
    // Defaults: applied when the headers are written, unless the response set its own (Next.js
    // never overrides a header already present, and the admin document route needs a stricter CSP).
    const defaults: [string, string][] = [["Content-Security-Policy", csp], ...fixedHeaders, ["X-Request-Id", requestId]];
    const writeHead = res.writeHead;
    res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
      for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
      // Shutting down: close this connection after the answer, so a keep-alive client (a load
      // balancer) sends its next request to another instance instead of into a closing socket.
      if (isDraining()) this.setHeader("Connection", "close");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    const lean = leanHandlerFor(options.lean, req);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: queries carry codes and tokens.
      const path = lean ? undefined : req.url?.split("?")[0];
      observeHttpRequest(lean ? leanRoute.get(lean)! : templates.match(path ?? "/"), req.method, res.statusCode, ms / 1e3);
      if (logRequests) logger.info({ requestId, method: req.method, path: path ?? req.url?.split("?")[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, trace_id: (req as TracedRequest)[TRACE_ID] }, "request");
    });
    if (isCrossOriginFormPost(req)) return refuseCrossOriginFormPost(req, res, requestId);
    // The development outbox (every sign-in code) answers this machine only.
    if (req.url?.startsWith("/dev/") && !isLoopbackClient(req.headers[CLIENT_IP_HEADER] as string)) {
      res.writeHead(404, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ error: "not_found", error_description: "Not found" }));
    }
    let answer: Promise<void>;
    if (lean) answer = dispatchLean(lean, req, res, { requestId, ip: req.headers[CLIENT_IP_HEADER] as string, defaults });
    else if (req.url === "/readyz" && (req.method === "GET" || req.method === "HEAD")) answer = answerReadiness(res);
    else if (isMetricsRequest(req)) answer = answerMetrics(req, res);
    else answer = handle(req, res);
    answer.catch((error: unknown) => {
      logger.error({ err: error, requestId }, "request failed");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "application/json");
      }
      res.end(JSON.stringify({ error: "server_error", error_description: `An unexpected error occurred (request ${requestId})` }));
    });
  };
  const traced = tracing();
  if (!traced) return http.createServer(handler);
  // Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): one server span per request, continuing the caller's
  // traceparent; everything the request does runs inside it (grant steps, SQL, outbound calls).
  const { api, tracer } = traced;
  const getter: import("@opentelemetry/api").TextMapGetter<http.IncomingHttpHeaders> = {
    keys: (headers) => Object.keys(headers),
    get: (headers, key) => headers[key],
  };
  return http.createServer((req, res) => {
    const parent = api.propagation.extract(api.context.active(), req.headers, getter);
    const span = tracer.startSpan(`${req.method} request`, { kind: api.SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "" } }, parent);
    (req as TracedRequest)[TRACE_ID] = span.spanContext().traceId;
    res.on("finish", () => {
      const lean = leanHandlerFor(options.lean, req);
      const route = lean ? leanRoute.get(lean)! : templates.match(req.url?.split("?")[0] ?? "/");
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ "http.route": route, "http.response.status_code": res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    });
    api.context.with(api.trace.setSpan(parent, span), () => handler(req, res));
  });
}

const TRACE_ID = Symbol("trustgate.traceId");
type TracedRequest = http.IncomingMessage & { [TRACE_ID]?: string };
