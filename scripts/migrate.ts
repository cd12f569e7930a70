// npm run db:migrate — applies pending migrations (through a running server on the embedded database).
import "./lib/production-env";
import { bootDatabase } from "@/lib/server/boot";

const booted = await bootDatabase("tool").catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const { applied, alreadyApplied, modified } = booted.migrations;
console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : `Database is up to date (${alreadyApplied.length} migration(s) applied before).`);
for (const name of modified) console.warn(`Warning: migration ${name} was modified after it was applied.`);
await booted.database.close();
