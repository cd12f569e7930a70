// The per-request cost of the metrics: one histogram observe on a pre-bound child. Children are
// cached per route, method and status class, so the hot path allocates nothing (no label objects,
// no hash keys) once a combination has been seen.
import type client from "prom-client";
import { trustgateMetrics } from "./registry";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const STATUS_CLASSES = ["1xx", "1xx", "2xx", "3xx", "4xx", "5xx"] as const;

type Observer = client.Histogram.Internal<"route" | "method" | "status_class">;

/** route → method → children indexed by the status's first digit. */
const children = new Map<string, Map<string, (Observer | undefined)[]>>();

function child(route: string, method: string, statusDigit: number): Observer {
  let byMethod = children.get(route);
  if (!byMethod) children.set(route, (byMethod = new Map()));
  let byClass = byMethod.get(method);
  if (!byClass) byMethod.set(method, (byClass = []));
  return (byClass[statusDigit] ??= trustgateMetrics().httpRequestDuration.labels({ route, method, status_class: STATUS_CLASSES[statusDigit]! }));
}

/** Records one answered request; `seconds` from the first byte received to the last sent. */
export function observeHttpRequest(route: string, method: string | undefined, status: number, seconds: number): void {
  const digit = status >= 100 && status < 600 ? (status / 100) | 0 : 5;
  child(route, method && METHODS.has(method) ? method : "OTHER", digit).observe(seconds);
}
