// Applies prisma/migrations/*/migration.sql in name order, each in its own transaction, recorded
// in `_prisma_migrations` exactly as Prisma Migrate records them (so `prisma migrate status` agrees).
// Safe when several instances start at once on PostgreSQL: each migration runs under a
// transaction-scoped advisory lock and re-checks whether another instance applied it meanwhile.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Arbitrary but fixed: "TGMIGRAT" as a 64-bit key.
const MIGRATION_LOCK_KEY = "6070308855372538452";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
  /** Applied migrations whose file changed afterwards (Prisma warns about these too). */
  modified: string[];
}

export function migrationsDir(): string {
  return path.resolve(process.env.TRUSTGATE_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma/migrations"));
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function migrate(url: string, migrations = readMigrations()): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrationResult = { applied: [], alreadyApplied: [], modified: [] };
  try {
    for (const migration of migrations) {
      await client.query("BEGIN");
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
        await client.query(CREATE_TABLE);
        const done = await client.query<{ checksum: string }>(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`, [migration.name]);
        if (done.rowCount) {
          await client.query("COMMIT");
          result.alreadyApplied.push(migration.name);
          if (done.rows[0]!.checksum !== migration.checksum) result.modified.push(migration.name);
          continue;
        }
        const startedAt = new Date();
        await client.query(migration.sql); // no parameters: simple protocol, several statements allowed
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
        result.applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
  return result;
}
