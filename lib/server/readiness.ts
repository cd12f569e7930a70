// GET /readyz — may this instance take traffic? The database answers, every migration this build
// ships is applied, the signing key decrypts with this TRUSTGATE_SECRET, and the process is not
// shutting down. /healthz stays the liveness probe: it fails only when the process cannot answer.
import { activeSigningKey } from "@/lib/keys/signing-keys";
import { readMigrations } from "@/lib/db/migrate";
import { sql } from "@/lib/db";

const CHECK_TIMEOUT_MS = 2_000;

const globalForReadiness = globalThis as unknown as { trustgateDraining?: boolean; trustgateExpectedMigrations?: string[] };

/** From now on /readyz answers 503 "draining" (SIGTERM received). */
export function markDraining(): void {
  globalForReadiness.trustgateDraining = true;
}

export function isDraining(): boolean {
  return globalForReadiness.trustgateDraining === true;
}

type Check = "ok" | "failed" | "timeout";

export interface Readiness {
  ready: boolean;
  body: { status: "ready" | "not_ready" | "draining"; checks: { database: Check; migrations: Check | "pending"; signing_key: Check } };
}

async function within<T>(work: Promise<T>): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), CHECK_TIMEOUT_MS)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function migrationsCheck(): Promise<Check | "pending"> {
  const expected = (globalForReadiness.trustgateExpectedMigrations ??= readMigrations().map((migration) => migration.name));
  const rows = await within(sql<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`, []));
  if (rows === "timeout") return "timeout";
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.every((name) => applied.has(name)) ? "ok" : "pending";
}

export async function readiness(): Promise<Readiness> {
  const [database, migrations, signingKey] = await Promise.all([
    within(sql(`SELECT 1`, [])).then(
      (result) => (result === "timeout" ? "timeout" : "ok"),
      () => "failed" as const,
    ),
    migrationsCheck().catch(() => "failed" as const),
    within(activeSigningKey()).then(
      (result) => (result === "timeout" ? "timeout" : "ok"),
      () => "failed" as const,
    ),
  ]);
  const checks = { database, migrations, signing_key: signingKey };
  const healthy = database === "ok" && migrations === "ok" && signingKey === "ok";
  if (isDraining()) return { ready: false, body: { status: "draining", checks } };
  return { ready: healthy, body: { status: healthy ? "ready" : "not_ready", checks } };
}
