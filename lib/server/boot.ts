// What every Trustgate process does first: open the database (embedded or PostgreSQL), resolve
// TRUSTGATE_SECRET, apply pending migrations. The app code then only reads the environment.
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
    return { database, migrations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
