// Runs a built Trustgate: database, migrations, keys, demo seed, then Next.js behind lib/server.
// Usage: npm run serve (after npm run build); `npm start` builds first when needed.
// On PostgreSQL, TRUSTGATE_WORKERS=N (or auto: one per core) runs N server processes sharing the
// port (node:cluster): the primary migrates and creates the first key, then forks the workers and
// restarts any that dies. The embedded database stays one process (it has one owner).
import "./lib/production-env";
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import next from "next";
import { InvalidEnvironment, assertValidEnvironment, metricsPort, port, publicUrl, shutdownDelayMs, shutdownTimeoutMs } from "@/lib/config/settings";
import { closeClientCache } from "@/lib/clients/client-cache";
import { DataDirLockedError } from "@/lib/db/lock";
import { disconnectDb } from "@/lib/db";
import { demoAuthorizeUrl, seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { activeSigningKey, ensureSigningKey } from "@/lib/keys/signing-keys";
import { logger } from "@/lib/log/logger";
import { purgeExpired } from "@/lib/maintenance/purge-expired";
import { expireLateChallenges } from "@/lib/authenticator/expire-challenges";
import { bootDatabase } from "@/lib/server/boot";
import { createTrustgateServer } from "@/lib/server/http-server";
import { startDeliveryWorker } from "@/lib/webhooks/worker";
import { startMetricsServer } from "@/lib/metrics/endpoint";
import { prepareWorkerMetrics, serveClusterMetrics } from "@/lib/metrics/exposition";
import { loadRouteTemplates } from "@/lib/metrics/http-routes";
import { markDraining } from "@/lib/server/readiness";
import { startTracing, stopTracing } from "@/lib/tracing/tracer";
import { LEAN_ROUTES, leanDispatchEnabled } from "@/lib/server/lean-routes";

const root = path.resolve(import.meta.dirname, "..");

/**
 * tsx, which runs this file, turns Node's source maps on for the whole process; Node then parses
 * and keeps the source map of every module it loads — for Next.js's ~390 server chunks that is
 * each chunk's map with the full original sources of zod, the Prisma client… once per route bundle:
 * ~70 MiB of heap, a quarter of a healthy server's memory (docs/benchmarks.md, "Memory"). `next
 * start` keeps none; neither do we, unless the operator asks for mapped stack traces with Node's
 * own `--enable-source-maps` (node flag or NODE_OPTIONS).
 */
function keepNoSourceMaps(): void {
  const asked = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--enable-source-maps");
  if (!asked) process.setSourceMapsEnabled(false);
}

/** How many server processes TRUSTGATE_WORKERS asks for (1 when unset). */
function workerCount(): number {
  const raw = process.env.TRUSTGATE_WORKERS?.trim();
  if (!raw) return 1;
  const count = raw === "auto" ? os.availableParallelism() : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`TRUSTGATE_WORKERS must be "auto" or a whole number from 1 to 64, got "${raw}"`);
  return count;
}

async function runPrimary(workers: number): Promise<void> {
  const startedAt = Date.now();
  if (!process.env.DATABASE_URL) {
    console.error("\nTrustgate cannot start: TRUSTGATE_WORKERS needs DATABASE_URL (PostgreSQL); the embedded database has one owner process.\n");
    process.exit(1);
  }
  // Migrations and the first signing key once, before any worker serves.
  const { database, migrations } = await bootDatabase("server");
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, "migrations applied");
  await ensureSigningKey();
  await disconnectDb();
  await database.close();

  // One /metrics for the whole cluster: the primary sums the workers' registries.
  serveClusterMetrics();
  const metricsListenPort = metricsPort();
  if (metricsListenPort !== null) await startMetricsServer(metricsListenPort, process.env.HOST ?? "0.0.0.0");

  let stopping = false;
  let listening = 0;
  const fork = () => cluster.fork({ TRUSTGATE_CLUSTER_WORKER: "1" });
  cluster.on("listening", () => {
    if (++listening === workers) {
      console.log(`\nTrustgate is running on ${publicUrl()} (port ${port()}, PostgreSQL, ${workers} worker processes), ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
      logger.info({ port: port(), mode: "postgres", workers, startupMs: Date.now() - startedAt }, "listening");
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, "worker exited; starting another");
    fork();
  });
  for (let i = 0; i < workers; i++) fork();
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down workers");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    // Each worker drains on its own (see stop() in main); this only bounds a stuck one.
    const force = setTimeout(() => process.exit(0), shutdownDelayMs() + shutdownTimeoutMs() + 15_000);
    force.unref();
    cluster.on("exit", () => {
      if (!Object.values(cluster.workers ?? {}).some((worker) => worker && !worker.isDead())) process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function main(): Promise<void> {
  try {
    assertValidEnvironment();
  } catch (error) {
    if (!(error instanceof InvalidEnvironment)) throw error;
    console.error(`\nTrustgate cannot start: ${error.message}\n`);
    process.exit(1);
  }
  const workers = cluster.isPrimary ? workerCount() : 1;
  // Before anything is served: request, SQL and outbound spans need the SDK in place.
  if (!(cluster.isPrimary && workers > 1)) await startTracing();
  if (cluster.isPrimary && workers > 1) return runPrimary(workers);
  const isWorker = cluster.isWorker;
  // Before any request: the primary may ask for this worker's metrics at any time.
  prepareWorkerMetrics();
  const startedAt = Date.now();
  let booted;
  try {
    booted = await bootDatabase("server");
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`\nTrustgate cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { database, migrations } = booted;
  // Client rows cached per process, invalidated by NOTIFY from every writer (lib/clients/client-cache.ts).
  if (database.mode === "postgres") process.env.TRUSTGATE_CLIENT_CACHE ??= "on";
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, "migrations applied");
  for (const name of migrations.modified) logger.warn({ migration: name }, "an applied migration was modified after it ran");
  await ensureSigningKey();
  // Loads and decrypts the signing key now: a wrong TRUSTGATE_SECRET fails the start, not a grant.
  await activeSigningKey();

  const baseUrl = publicUrl();
  // next-auth builds its callback URLs and cookie names (Secure behind HTTPS) from this.
  process.env.NEXTAUTH_URL ??= baseUrl;
  // Demo mode on the embedded database: text messages land in the /dev/outbox page.
  if (database.mode === "embedded") process.env.SMS_PROVIDER ??= "outbox";
  const demo = database.mode === "embedded" ? await seedDemoIfEmpty(baseUrl) : null;

  // Demo mode (the outbox shows every code) stays on this machine unless HOST says otherwise.
  const hostname = process.env.HOST ?? (process.env.SMS_PROVIDER === "outbox" ? "127.0.0.1" : "0.0.0.0");
  keepNoSourceMaps();
  const app = next({ dev: false, dir: root, hostname, port: port(), quiet: true });
  await app.prepare();
  const server = createTrustgateServer(app.getRequestHandler(), { lean: leanDispatchEnabled() ? LEAN_ROUTES : undefined, routeTemplates: loadRouteTemplates(root) });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port(), hostname, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port();
  const metricsListenPort = isWorker ? null : metricsPort();
  const metricsServer = metricsListenPort === null ? null : await startMetricsServer(metricsListenPort, hostname);

  const purge = setInterval(() => void purgeExpired().catch((err) => logger.warn({ err }, "purge of expired rows failed")), 10 * 60_000);
  purge.unref();
  // Webhook deliveries: every instance runs a worker (they share the outbox safely);
  // TRUSTGATE_WEBHOOK_WORKER=off leaves delivery to separate `npm run worker` processes.
  const worker = process.env.TRUSTGATE_WEBHOOK_WORKER === "off" ? null : startDeliveryWorker();
  const expireChallenges = setInterval(() => void expireLateChallenges().catch((err) => logger.warn({ err }, "challenge expiry sweep failed")), 30_000);
  expireChallenges.unref();

  const lines = [
    "",
    `Trustgate is running on ${baseUrl} (port ${actualPort}, ${database.mode === "embedded" ? `embedded database in ${database.embeddedDataDir}` : "PostgreSQL"}), ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    `  Home:       ${baseUrl}/`,
    `  Discovery:  ${baseUrl}/.well-known/openid-configuration`,
  ];
  if (process.env.SMS_PROVIDER === "outbox") lines.push(`  SMS outbox: ${baseUrl}/dev/outbox  (codes are shown there, not sent)`);
  if (demo) {
    lines.push(
      "",
      "Demo mode: a demo partner and a demo admin were created. These credentials are shown only now:",
      `  Partner client_id:     ${demo.client.client_id}`,
      `  Partner client_secret: ${demo.client.client_secret}`,
      `  Partner signing_secret: ${demo.client.signing_secret}`,
      `  Admin:                 ${demo.admin.email} / ${demo.admin.password}`,
      `  Try the hosted login:  ${demoAuthorizeUrl(baseUrl, demo.client.client_id)}`,
    );
  }
  // A worker's primary announces the cluster once.
  if (!isWorker) console.log(lines.join("\n") + "\n");
  logger.info({ port: actualPort, mode: database.mode, startupMs: Date.now() - startedAt }, "listening");

  // Graceful stop (SIGTERM from an orchestrator, or Ctrl-C): /readyz turns 503 at once; after
  // TRUSTGATE_SHUTDOWN_DELAY_MS the listener closes (idle keep-alive connections with it); requests
  // in flight finish within TRUSTGATE_SHUTDOWN_TIMEOUT_MS (answers say Connection: close); the
  // webhook worker finishes or gives back its leases; then the pool and the database close, exit 0.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    markDraining();
    const delayMs = shutdownDelayMs();
    logger.info({ signal, delayMs, timeoutMs: shutdownTimeoutMs() }, "shutting down: draining");
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const force = setTimeout(() => {
      logger.warn("requests still in flight at the shutdown bound: closing their connections");
      server.closeAllConnections();
    }, shutdownTimeoutMs());
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    metricsServer?.close();
    await worker?.stop().catch((err: unknown) => logger.warn({ err }, "webhook worker stop failed"));
    clearInterval(purge);
    clearInterval(expireChallenges);
    await closeClientCache();
    await disconnectDb().catch(() => {});
    await database.close();
    await stopTracing();
    logger.info({ signal }, "stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("Trustgate failed to start:", error instanceof Error ? error.message : error);
  logger.error({ err: error }, "startup failed");
  process.exit(1);
});
