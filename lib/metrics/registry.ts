// Trustgate's Prometheus metrics (prom-client), created once per process. The instances live on
// globalThis: Next.js bundles lib/ separately for each route, and the lean dispatch path loads it
// outside the bundle, yet every copy must count into the same registry (prom-client itself is a
// server external package, so there is one prom-client per process).
import client from "prom-client";
import { collectDatabaseGauges } from "./database-gauges";

/** Request latency buckets (seconds): the lean grant path answers in ~1 ms, hosted pages in tens. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface TrustgateMetrics {
  registry: client.Registry;
  httpRequestDuration: client.Histogram<"route" | "method" | "status_class">;
  grants: client.Counter<"grant_type" | "outcome">;
  signIns: client.Counter<"method" | "outcome">;
  smsSends: client.Counter<"provider" | "outcome">;
  webhookAttempts: client.Counter<"outcome">;
}

const globalForMetrics = globalThis as unknown as { trustgateMetrics?: TrustgateMetrics };

function create(): TrustgateMetrics {
  // The default registry: prom-client's cluster aggregation (lib/metrics/cluster.ts) reads it.
  const registry = client.register;
  // A module graph loaded afresh (a test runner's isolation) may meet metrics an earlier copy
  // registered in the same prom-client: start from a clean registry rather than fail on names.
  registry.clear();
  // Process metrics (CPU, memory, handles, GC) and event-loop delay (monitorEventLoopDelay).
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  // prom-client also exports three gauges named *_total, which `promtool check metrics` rejects
  // (the suffix is for counters); nodejs_active_resources{type} carries the same counts.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) registry.removeSingleMetric(name);
  const metrics: TrustgateMetrics = {
    registry,
    httpRequestDuration: new client.Histogram({
      name: "trustgate_http_request_duration_seconds",
      help: "HTTP requests by route template, method and status class (its _count is the request count)",
      labelNames: ["route", "method", "status_class"],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    grants: new client.Counter({
      name: "trustgate_oauth_grants_total",
      help: "Token endpoint grants by grant type and outcome (issued, or the OAuth error code)",
      labelNames: ["grant_type", "outcome"],
      registers: [registry],
    }),
    signIns: new client.Counter({
      name: "trustgate_sign_ins_total",
      help: "End-user and admin sign-ins by method and outcome",
      labelNames: ["method", "outcome"],
      registers: [registry],
    }),
    smsSends: new client.Counter({
      name: "trustgate_sms_sends_total",
      help: "Text messages handed to the SMS provider, by provider and outcome (sent or failed)",
      labelNames: ["provider", "outcome"],
      registers: [registry],
    }),
    webhookAttempts: new client.Counter({
      name: "trustgate_webhook_delivery_attempts_total",
      help: "Webhook and callback delivery attempts by outcome (succeeded, retrying, failed, lost)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
  collectDatabaseGauges(registry);
  return metrics;
}

export function trustgateMetrics(): TrustgateMetrics {
  return (globalForMetrics.trustgateMetrics ??= create());
}
