// Process configuration, read lazily so tests and the launcher can set the environment first.
import path from "node:path";

export function isProduction(): boolean {
  return process.env.NODE_ENV === "production";
}

export function port(): number {
  const value = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`PORT must be a TCP port, got "${process.env.PORT}"`);
  return value;
}

/** Public base URL: OAuth issuer, WebAuthn origin, links in messages. No trailing slash. */
export function publicUrl(): string {
  const raw = process.env.TRUSTGATE_URL ?? `http://localhost:${port()}`;
  // Asked several times per request (issuer, CORS, WebAuthn origin): parse a given value once.
  if (raw === parsedPublicUrl.raw) return parsedPublicUrl.value;
  const url = new URL(raw);
  if (url.search || url.hash) throw new Error("TRUSTGATE_URL must not have a query or fragment");
  const value = url.toString().replace(/\/$/, "");
  parsedPublicUrl = { raw, value };
  return value;
}
let parsedPublicUrl = { raw: "", value: "" };

/** Embedded database directory (used when DATABASE_URL is unset). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.TRUSTGATE_DATA_DIR ?? ".data");
}

/** True when the app runs on an external PostgreSQL rather than the embedded PGlite. */
export function usesExternalDatabase(): boolean {
  return Boolean(process.env.DATABASE_URL) && process.env.TRUSTGATE_DB_MODE !== "embedded";
}

/** Proxies we sit behind may set X-Forwarded-For; trust it only when told to. */
export function trustProxy(): boolean {
  return process.env.TRUSTGATE_TRUST_PROXY === "true";
}

/**
 * TRUSTGATE_OUTBOUND_ALLOW=host[:port],CIDR,… — internal targets the operator lets Trustgate call
 * on a partner's behalf (local development, tests, a receiver inside the operator's network).
 * Parsed and enforced by lib/outbound/allow-list.ts.
 */
export function outboundAllowEntries(): string[] {
  return (process.env.TRUSTGATE_OUTBOUND_ALLOW ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Bearer token that opens GET /metrics on the main port (null: /metrics is not served there). */
export function metricsToken(): string | null {
  const token = process.env.TRUSTGATE_METRICS_TOKEN?.trim();
  return token ? token : null;
}

/** A separate port that serves GET /metrics (null: none). */
export function metricsPort(): number | null {
  const raw = process.env.TRUSTGATE_METRICS_PORT?.trim();
  if (!raw) return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`TRUSTGATE_METRICS_PORT must be a TCP port, got "${raw}"`);
  return value;
}

function wholeMilliseconds(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 600_000) throw new Error(`${name} must be a whole number of milliseconds from 0 to 600000, got "${raw}"`);
  return value;
}

/** After SIGTERM, how long /readyz says "draining" while the listener still accepts (let the load balancer notice). */
export function shutdownDelayMs(): number {
  return wholeMilliseconds("TRUSTGATE_SHUTDOWN_DELAY_MS", 0);
}

/** After the listener closes, how long requests in flight may take before their connections are cut. */
export function shutdownTimeoutMs(): number {
  return wholeMilliseconds("TRUSTGATE_SHUTDOWN_TIMEOUT_MS", 10_000);
}

export { assertValidEnvironment, environmentProblems, InvalidEnvironment } from "./environment";

function onOff(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === "" || raw === "false" || raw === "off") return false;
  if (raw === "true" || raw === "on") return true;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** RFC 9126 §5: every client must use pushed authorization requests (per client: the client's switch). */
export function requirePushedAuthorizationRequests(): boolean {
  return onOff("TRUSTGATE_REQUIRE_PAR");
}

/** RFC 9449 §8: DPoP proofs must carry a server-provided nonce (DPoP-Nonce / use_dpop_nonce). */
export function requireDpopNonce(): boolean {
  return onOff("TRUSTGATE_DPOP_NONCE");
}
