// GET /metrics — Prometheus exposition. Never public by default: on the main port only with
// `Authorization: Bearer $TRUSTGATE_METRICS_TOKEN` (404 when no token is configured, 401 with a
// wrong one); or on its own port (TRUSTGATE_METRICS_PORT), which the operator keeps off the
// internet — and which also asks for the token when one is set.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { metricsToken } from "@/lib/config/settings";
import { logger } from "@/lib/log/logger";
import { CONTENT_TYPE, metricsText } from "./exposition";

export const METRICS_PATH = "/metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether the request carries the configured bearer token (compared in constant time). */
export function presentsMetricsToken(req: http.IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}

/** True for the requests the main port answers itself: GET or HEAD /metrics with a token configured. */
export function isMetricsRequest(req: http.IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && (req.url === METRICS_PATH || req.url?.startsWith(`${METRICS_PATH}?`) === true) && metricsToken() !== null;
}

/** Answers a /metrics request: 401 without the token (when one is set), else the exposition. */
export async function answerMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const token = metricsToken();
  if (token !== null && !presentsMetricsToken(req, token)) {
    res.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" });
    res.end(JSON.stringify({ error: "invalid_token", error_description: "GET /metrics needs Authorization: Bearer <TRUSTGATE_METRICS_TOKEN>" }));
    return;
  }
  try {
    const text = await metricsText();
    res.writeHead(200, { "Content-Type": CONTENT_TYPE, "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : text);
  } catch (error) {
    logger.error({ err: error }, "metrics collection failed");
    res.writeHead(503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ error: "metrics_unavailable", error_description: "The metrics could not be collected" }));
  }
}

/** The separate metrics listener (TRUSTGATE_METRICS_PORT): /metrics, and 404 for anything else. */
export async function startMetricsServer(port: number, host: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if ((req.method === "GET" || req.method === "HEAD") && path === METRICS_PATH) return void answerMetrics(req, res);
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: "not_found", error_description: "Only GET /metrics is served on this port" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
