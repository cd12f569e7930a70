// OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. The SDK and the OTLP/HTTP
// exporter are imported only then (startTracing), so the off path loads nothing and pays one null
// check per span site. State lives on globalThis: Next.js bundles lib/ separately per route, yet
// every copy must use the tracer the server process started.
import type * as OtelApi from "@opentelemetry/api";
import type { Attributes, Span, Tracer } from "@opentelemetry/api";

interface TracingState {
  api: typeof OtelApi;
  tracer: Tracer;
  shutdown(): Promise<void>;
}

const globalForTracing = globalThis as unknown as { trustgateTracing?: TracingState | null };

/** The running tracer, or null when tracing is off. */
export function tracing(): TracingState | null {
  return globalForTracing.trustgateTracing ?? null;
}

/** Starts the SDK (OTLP over HTTP, JSON, batched) when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export async function startTracing(serviceName = "trustgate"): Promise<boolean> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || globalForTracing.trustgateTracing) return Boolean(globalForTracing.trustgateTracing);
  // Traces only: metrics are Prometheus's (lib/metrics), logs are pino's.
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  const [{ NodeSDK }, { OTLPTraceExporter }, api] = await Promise.all([import("@opentelemetry/sdk-node"), import("@opentelemetry/exporter-trace-otlp-http"), import("@opentelemetry/api")]);
  const sdk = new NodeSDK({ traceExporter: new OTLPTraceExporter(), instrumentations: [] });
  sdk.start();
  globalForTracing.trustgateTracing = { api, tracer: api.trace.getTracer("trustgate"), shutdown: () => sdk.shutdown() };
  return true;
}

/** Flushes spans still batched (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  await globalForTracing.trustgateTracing?.shutdown().catch(() => {});
}

function failed(state: TracingState, span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: state.api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `work` inside a child span of the active one; with tracing off, just runs it. */
export function inSpan<T>(name: string, attributes: Attributes | undefined, work: () => Promise<T>): Promise<T> {
  const state = globalForTracing.trustgateTracing;
  if (!state) return work();
  return state.tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      failed(state, span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** An outbound HTTP call in a client span, with `traceparent` added to its headers. */
export function outboundSpan<T>(name: string, url: string, headers: Record<string, string>, work: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const state = globalForTracing.trustgateTracing;
  if (!state) return work(headers);
  const { api } = state;
  let target: URL | null = null;
  try {
    target = new URL(url);
  } catch {
    /* the call itself reports the bad URL */
  }
  // The path may carry ids, never the query (tokens): host and path only.
  const attributes: Attributes = target ? { "server.address": target.hostname, "url.full": `${target.origin}${target.pathname}` } : {};
  return state.tracer.startActiveSpan(name, { kind: api.SpanKind.CLIENT, attributes }, async (span) => {
    const carried = { ...headers };
    api.propagation.inject(api.context.active(), carried);
    try {
      return await work(carried);
    } catch (error) {
      failed(state, span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace id, for log lines; undefined when tracing is off or outside a span. */
export function activeTraceId(): string | undefined {
  const state = globalForTracing.trustgateTracing;
  if (!state) return undefined;
  const context = state.api.trace.getActiveSpan()?.spanContext();
  return context && state.api.isSpanContextValid(context) ? context.traceId : undefined;
}
