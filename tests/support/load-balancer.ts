// One public URL in front of several Trustgate instances, as a load balancer gives them: every
// instance runs with TRUSTGATE_URL set to this URL, so the WebAuthn RP ID and origin, next-auth's
// URLs and the same-origin checks are the same whichever instance answers. Each request goes to one
// instance: the one named by the `x-test-instance` header (a browser context's extraHTTPHeaders or
// a fetch header, standing in for sticky sessions), else the next one in turn (round-robin). The
// header is removed before the request is passed on; what went where is recorded.
import http from "node:http";
import { freePort } from "./server";

export const INSTANCE_HEADER = "x-test-instance";

/** Headers that belong to one connection, not to the request or answer passed through. */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"];

export interface ServedRequest {
  instance: string;
  method: string;
  path: string;
  status: number;
}

export interface LoadBalancerOptions {
  /**
   * Probe every instance's `path` (e.g. /readyz) every `intervalMs`; requests that name no instance
   * go only to instances whose last probe answered 200 (to all of them when none did).
   */
  healthCheck?: { path: string; intervalMs: number };
  /**
   * Pass a request to the next instance when it never reached the first: connection refused, or a
   * reused keep-alive connection reset before any answer (the instance closed it as idle). Request
   * bodies are buffered for this. Never retried once any answer began.
   */
  retryUnsent?: boolean;
}

export interface LoadBalancer {
  url: string;
  /** Requests passed to another instance after their first one could not be reached. */
  retried: number;
  /** Instance name → its port (127.0.0.1). Requests wait for none: add instances before use. */
  instances: Map<string, number>;
  served: ServedRequest[];
  /** The instances that answered requests whose path matches, in order. */
  instancesFor(path: RegExp): string[];
  close(): Promise<void>;
}

function withoutHopByHop(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const copy: http.OutgoingHttpHeaders = { ...headers };
  for (const name of [...HOP_BY_HOP, INSTANCE_HEADER]) delete copy[name];
  return copy;
}

export async function startLoadBalancer(options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  const port = await freePort();
  const agent = new http.Agent({ keepAlive: true });
  let turn = 0;
  const healthy = new Map<string, boolean>();
  let prober: NodeJS.Timeout | null = null;
  if (options.healthCheck) {
    const { path, intervalMs } = options.healthCheck;
    prober = setInterval(() => {
      for (const [name, instancePort] of balancer.instances) {
        const probe = http.get({ host: "127.0.0.1", port: instancePort, path, timeout: intervalMs * 5 }, (answer) => {
          answer.resume();
          healthy.set(name, answer.statusCode === 200 && balancer.instances.get(name) === instancePort);
        });
        probe.on("timeout", () => probe.destroy());
        probe.on("error", () => healthy.set(name, false));
      }
    }, intervalMs);
  }
  /** Instances a request may go to, in the order to try them. */
  const candidates = (): string[] => {
    const names = [...balancer.instances.keys()];
    const up = options.healthCheck ? names.filter((name) => healthy.get(name)) : names;
    const pool = up.length ? up : names;
    if (!pool.length) return [];
    const first = turn++ % pool.length;
    return [...pool.slice(first), ...pool.slice(0, first)];
  };
  const balancer: LoadBalancer = {
    url: `http://localhost:${port}`,
    retried: 0,
    instances: new Map(),
    served: [],
    instancesFor: (path) => balancer.served.filter((request) => path.test(request.path)).map((request) => request.instance),
    close: async () => {
      if (prober) clearInterval(prober);
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const pinned = req.headers[INSTANCE_HEADER];
    const order = typeof pinned === "string" && balancer.instances.has(pinned) ? [pinned] : candidates();
    const record = (instance: string, status: number) => balancer.served.push({ instance, method: req.method ?? "GET", path: req.url ?? "/", status });
    if (!order.length) {
      record("none", 503);
      res.writeHead(503).end();
      return;
    }
    const forward = (attempt: number, body: Buffer | null) => {
      const instance = order[attempt]!;
      const upstream = http.request({ host: "127.0.0.1", port: balancer.instances.get(instance), method: req.method, path: req.url, headers: withoutHopByHop(req.headers), agent }, (answer) => {
        record(instance, answer.statusCode ?? 502);
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        const unsent = error.code === "ECONNREFUSED" || (upstream.reusedSocket && error.code === "ECONNRESET");
        if (body && unsent && attempt + 1 < order.length && !res.headersSent) {
          balancer.retried += 1;
          forward(attempt + 1, body);
          return;
        }
        record(instance, 502);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      if (body) upstream.end(body);
      else req.pipe(upstream);
    };
    if (!options.retryUnsent) return forward(0, null);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(0, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return balancer;
}
