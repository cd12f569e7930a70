// What every Trustgate process does first: open the database (embedded or PostgreSQL), resolve
// TRUSTGATE_SECRET, apply pending migrations. The app code then only reads the environment.
import { backfillSigningSecrets } from "@/lib/clients/signing-secret";
import { resolveSecret } from "@/lib/config/secret";
import { connectDatabase, type DatabaseHandle } from "@/lib/db/connection";
import { migrate, type MigrationResult } from "@/lib/db/migrate";

export interface Booted {
  database: DatabaseHandle;
  migrations: MigrationResult;
}

export async function bootDatabase(role: "server" | "tool"): Promise<Booted> {
  const database = await connectDatabase(role);
  try {
    process.env.TRUSTGATE_SECRET = resolveSecret(database.embeddedDataDir);
    process.env.DATABASE_URL = database.url;
    process.env.TRUSTGATE_DB_MODE = database.mode;
    const migrations = await migrate(database.url);
    // Every client signs its callbacks: clients made before that get a secret now (20261206030000_trust_boundary).
    if (role === "server") await backfillSigningSecrets();
    return { database, migrations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
