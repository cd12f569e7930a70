// Structured JSON logs (pino). Quiet in tests unless LOG_LEVEL says otherwise.
import pino from "pino";
import { activeTraceId } from "@/lib/tracing/tracer";

const globalForLogger = globalThis as unknown as { trustgateLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLogger.trustgateLogger ??
  (globalForLogger.trustgateLogger = pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      base: { service: "trustgate" },
      // With tracing on, every line written inside a span carries its trace id; off, no mixin at all.
      // (pino merges the log call's fields into the object the mixin returns: a fresh one each time.)
      mixin: process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()
        ? () => {
            const traceId = activeTraceId();
            return traceId ? { trace_id: traceId } : {};
          }
        : undefined,
      redact: {
        paths: ["client_secret", "password", "secret", "*.client_secret", "signing_secret", "*.signing_secret", "*.password", "req.headers.authorization", "req.headers.cookie"],
        censor: "[redacted]",
      },
    },
    pino.destination(process.env.LOG_DESTINATION === "stderr" ? 2 : 1),
  ));
