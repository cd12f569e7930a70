// Webhook delivery worker as its own process: npm run worker. Every server instance already runs
// one (unless TRUSTGATE_WEBHOOK_WORKER=off); any number may share one database.
// On the embedded database it works through a running server's socket, like the CLI.
import "./lib/production-env";
import { assertValidEnvironment } from "@/lib/config/settings";
import { disconnectDb } from "@/lib/db";
import { DataDirLockedError } from "@/lib/db/lock";
import { logger } from "@/lib/log/logger";
import { bootDatabase } from "@/lib/server/boot";
import { startDeliveryWorker } from "@/lib/webhooks/worker";
import { startTracing, stopTracing } from "@/lib/tracing/tracer";

async function main(): Promise<void> {
  assertValidEnvironment();
  await startTracing("trustgate-worker");
  let booted;
  try {
    booted = await bootDatabase("tool");
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`\nThe webhook worker cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const worker = startDeliveryWorker();
  logger.info({ mode: booted.database.mode }, "webhook worker started");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "webhook worker stopping");
    await worker.stop();
    await disconnectDb().catch(() => {});
    await booted.database.close();
    await stopTracing();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("The webhook worker failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
