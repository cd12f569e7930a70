// Runs a built Trustgate: database, migrations, keys, demo seed, then Next.js behind lib/server.
// Usage: npm run serve (after npm run build); `npm start` builds first when needed.
import "./lib/production-env";
import path from "node:path";
import next from "next";
import { port, publicUrl } from "@/lib/config/settings";
import { DataDirLockedError } from "@/lib/db/lock";
import { disconnectDb } from "@/lib/db";
import { demoAuthorizeUrl, seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { ensureSigningKey } from "@/lib/keys/signing-keys";
import { logger } from "@/lib/log/logger";
import { purgeExpired } from "@/lib/maintenance/purge-expired";
import { expireLateChallenges } from "@/lib/authenticator/expire-challenges";
import { bootDatabase } from "@/lib/server/boot";
import { createTrustgateServer } from "@/lib/server/http-server";
import { startDeliveryWorker } from "@/lib/webhooks/worker";

const root = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
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
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, "migrations applied");
  for (const name of migrations.modified) logger.warn({ migration: name }, "an applied migration was modified after it ran");
  await ensureSigningKey();

  const baseUrl = publicUrl();
  // next-auth builds its callback URLs and cookie names (Secure behind HTTPS) from this.
  process.env.NEXTAUTH_URL ??= baseUrl;
  // Demo mode on the embedded database: text messages land in the /dev/outbox page.
  if (database.mode === "embedded") process.env.SMS_PROVIDER ??= "outbox";
  const demo = database.mode === "embedded" ? await seedDemoIfEmpty(baseUrl) : null;

  const hostname = process.env.HOST ?? "0.0.0.0";
  const app = next({ dev: false, dir: root, hostname, port: port(), quiet: true });
  await app.prepare();
  const server = createTrustgateServer(app.getRequestHandler());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port(), hostname, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port();

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
      `  Admin:                 ${demo.admin.email} / ${demo.admin.password}`,
      `  Try the hosted login:  ${demoAuthorizeUrl(baseUrl, demo.client.client_id)}`,
    );
  }
  console.log(lines.join("\n") + "\n");
  logger.info({ port: actualPort, mode: database.mode, startupMs: Date.now() - startedAt }, "listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await worker?.stop().catch(() => {});
    await disconnectDb().catch(() => {});
    await database.close();
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
