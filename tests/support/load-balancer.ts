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

export interface LoadBalancer {
  url: string;
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

export async function startLoadBalancer(): Promise<LoadBalancer> {
  const port = await freePort();
  const agent = new http.Agent({ keepAlive: true });
  let turn = 0;
  const balancer: LoadBalancer = {
    url: `http://localhost:${port}`,
    instances: new Map(),
    served: [],
    instancesFor: (path) => balancer.served.filter((request) => path.test(request.path)).map((request) => request.instance),
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const names = [...balancer.instances.keys()];
    const pinned = req.headers[INSTANCE_HEADER];
    const instance = typeof pinned === "string" && balancer.instances.has(pinned) ? pinned : names[turn++ % names.length];
    const record = (status: number) => balancer.served.push({ instance: instance ?? "none", method: req.method ?? "GET", path: req.url ?? "/", status });
    if (!instance) {
      record(503);
      res.writeHead(503).end();
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: balancer.instances.get(instance), method: req.method, path: req.url, headers: withoutHopByHop(req.headers), agent },
      (answer) => {
        record(answer.statusCode ?? 502);
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      record(502);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return balancer;
}
