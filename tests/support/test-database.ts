// A fresh, migrated database for one test file: PGlite from the snapshot by default, or a new
// PostgreSQL database when the API suite runs with TRUSTGATE_TEST_DB=postgres.
import fs from "node:fs";
import { disconnectDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { createPostgresDatabase } from "./postgres";
import { servePGlite, type ServedPGlite } from "./pglite";
import { SNAPSHOT_FILE, TEST_SECRET } from "./paths";

export interface TestDatabase {
  url: string;
  kind: "pglite" | "postgres";
  /** Makes the database unreachable (for outage tests). */
  takeDown(): Promise<void>;
  close(): Promise<void>;
}

export function testDbKind(): "pglite" | "postgres" {
  return process.env.TRUSTGATE_TEST_DB === "postgres" ? "postgres" : "pglite";
}

/** An empty database (no migrations applied). */
export async function emptyDatabase(): Promise<TestDatabase> {
  if (testDbKind() === "postgres") {
    const created = await createPostgresDatabase();
    return { url: created.url, kind: "postgres", takeDown: created.drop, close: created.drop };
  }
  const served: ServedPGlite = await servePGlite();
  return { url: served.url, kind: "pglite", takeDown: served.stopServing, close: served.close };
}

export async function migratedDatabase(): Promise<TestDatabase> {
  if (testDbKind() === "postgres") {
    const database = await emptyDatabase();
    await migrate(database.url);
    return database;
  }
  const snapshot = new Blob([fs.readFileSync(SNAPSHOT_FILE)]);
  const served = await servePGlite({ loadDataDir: snapshot });
  return { url: served.url, kind: "pglite", takeDown: served.stopServing, close: served.close };
}

/** Points the app code of this process at `database`. */
export async function useDatabase(database: { url: string }): Promise<void> {
  await disconnectDb();
  forgetSigningKeys();
  process.env.DATABASE_URL = database.url;
  process.env.TRUSTGATE_DB_MODE = testDbKind() === "postgres" ? "postgres" : "embedded";
  process.env.TRUSTGATE_SECRET = TEST_SECRET;
}
