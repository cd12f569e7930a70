// Structured JSON logs (pino). Quiet in tests unless LOG_LEVEL says otherwise.
import pino from "pino";

const globalForLogger = globalThis as unknown as { trustgateLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLogger.trustgateLogger ??
  (globalForLogger.trustgateLogger = pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "trustgate" },
    redact: {
      paths: ["client_secret", "password", "secret", "*.client_secret", "signing_secret", "*.signing_secret", "*.password", "req.headers.authorization", "req.headers.cookie"],
      censor: "[redacted]",
    },
  }, pino.destination(process.env.LOG_DESTINATION === "stderr" ? 2 : 1)));
