// Prisma CLI configuration (generate, migrate diff). Runtime database access never reads this file:
// the app opens its database in lib/db and applies migrations with its own migrator.
// Everything here must stay offline and lazy (see README, "New migrations").
import path from "node:path";
import { defineConfig } from "prisma/config";

// Without a URL the CLI falls back to the library engine and tries to download it.
// (An empty value counts as unset.)
if (!process.env.DATABASE_URL) process.env.DATABASE_URL = "postgresql://unused@localhost:5432/unused";

const root = path.resolve(import.meta.dirname, "..");

type RawQuery = { sql: string; args?: unknown[] };
interface PGliteAdapter {
  client: { exec(sql: string): Promise<unknown> };
  executeRaw(query: RawQuery): Promise<number>;
  executeScript(script: string): Promise<void>;
  onError(error: unknown): never;
}

// pglite-prisma-adapter sends argument-less statements through the extended protocol, which
// rejects migration files holding several statements, and does not await executeScript.
function simpleProtocolForScripts<T>(adapter: T): T {
  const pglite = adapter as unknown as PGliteAdapter;
  const executeRaw = pglite.executeRaw.bind(pglite);
  const exec = async (sql: string) => {
    try {
      await pglite.client.exec(sql);
    } catch (error) {
      pglite.onError(error);
    }
  };
  pglite.executeRaw = async (query) => (query.args?.length ? executeRaw(query) : (await exec(query.sql), 0));
  pglite.executeScript = exec;
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  // Throwaway in-memory PGlite databases, created only when a command needs one
  // (`migrate diff --from-migrations` uses it as shadow database). Never at import time:
  // @prisma/client's postinstall loads this file and `npm install` would hang.
  adapter: async () => {
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
    const factory = new PrismaPGlite(new PGlite());
    const connect = factory.connect.bind(factory);
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    factory.connect = async () => simpleProtocolForScripts(await connect());
    factory.connectToShadowDb = async () => simpleProtocolForScripts(await connectToShadowDb());
    return factory;
  },
});
