// Where /metrics gets its text: this process's registry, or — in a TRUSTGATE_WORKERS cluster — the
// sum over every worker, gathered by the primary with prom-client's AggregatorRegistry. A worker
// asked for /metrics forwards the question to the primary over the cluster IPC channel, so every
// worker's answer covers the whole cluster.
import cluster from "node:cluster";
import client from "prom-client";
import { trustgateMetrics } from "./registry";

const REQUEST = "trustgate:metrics-request";
const RESPONSE = "trustgate:metrics-response";
const WORKER_ANSWER_TIMEOUT_MS = 6_000;

export const CONTENT_TYPE = client.register.contentType;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

let aggregator: client.AggregatorRegistry<client.PrometheusContentType> | null = null;

/** In the primary of a cluster: answer workers' /metrics questions with the aggregate. */
export function serveClusterMetrics(): void {
  if (aggregator) return;
  aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, message: MetricsRequest) => {
    if (message?.type !== REQUEST) return;
    aggregator!
      .clusterMetrics()
      .then((text: string) => worker.send({ type: RESPONSE, id: message.id, text } satisfies MetricsResponse))
      .catch((error: unknown) => worker.send({ type: RESPONSE, id: message.id, error: String(error) } satisfies MetricsResponse));
  });
}

let nextId = 0;
const waiting = new Map<number, (answer: MetricsResponse) => void>();
let workerListening = false;

function askPrimary(): Promise<string> {
  prepareWorkerMetrics();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("the cluster primary did not answer the metrics request"));
    }, WORKER_ANSWER_TIMEOUT_MS);
    waiting.set(id, (answer) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (answer.text !== undefined) resolve(answer.text);
      else reject(new Error(answer.error ?? "metrics aggregation failed"));
    });
    process.send!({ type: REQUEST, id } satisfies MetricsRequest);
  });
}

/** Workers must register prom-client's IPC listener before the primary first asks them. */
export function prepareWorkerMetrics(): void {
  trustgateMetrics();
  if (cluster.isWorker && !workerListening) {
    workerListening = true;
    // Constructing one makes prom-client answer the primary's requests for this worker's metrics.
    new client.AggregatorRegistry();
    process.on("message", (message: MetricsResponse) => {
      if (message?.type === RESPONSE) waiting.get(message.id)?.(message);
    });
  }
}

/** The exposition text: the cluster's aggregate in a worker or primary, else this process's. */
export async function metricsText(): Promise<string> {
  if (cluster.isWorker && process.send) return askPrimary();
  if (aggregator) return aggregator.clusterMetrics();
  return trustgateMetrics().registry.metrics();
}
