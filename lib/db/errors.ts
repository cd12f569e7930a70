// Database error classification shared by every capability (same codes on PGlite and PostgreSQL,
// since both are reached through @prisma/adapter-pg).
import { Prisma } from "./generated/client";

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}

// The database went away (restart, failover, network cut) or cannot take more connections: the
// request may be retried later. Prisma reports it with its own codes (P1001 unreachable, P1002/P1008
// timeouts, P1017 connection closed, P2024 no pool connection in time, P2037 too many connections);
// plain `sql()` queries surface pg's socket errors and SQLSTATE classes 08 (connection exception),
// 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections)
// and 3D000 / P1003 (the database is gone: dropped, or not restored yet — /readyz says 503 too).
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1003", "P1008", "P1017", "P2024", "P2037"]);
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "3D000"]);
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const { code, message, cause, meta, kind, syscall } = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown; kind?: unknown; syscall?: unknown };
  // A Unix socket that is gone (the embedded database stopped serving) fails connect with ENOENT.
  if (code === "ENOENT" && syscall === "connect") return true;
  if (typeof kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  if (typeof code === "string") {
    if (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const adapterError = (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(adapterError, depth + 1);
}
