// Prisma CLI configuration (generate, migrate diff). Runtime database access never reads this file:
// the app opens its database in lib/db. Everything here must stay offline and lazy (see README).
import path from "node:path";
import { defineConfig } from "prisma/config";

// Without a URL the CLI falls back to the library engine and tries to download it.
process.env.DATABASE_URL ??= "postgresql://unused@localhost:5432/unused";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  // A throwaway in-memory PGlite, created only when a command actually needs a database
  // (`migrate diff --from-migrations`). Creating it at import time hangs `npm install`.
  adapter: async () => {
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("pglite-prisma-adapter"),
    ]);
    const db = new PGlite();
    await db.waitReady;
    return new PrismaPGlite(db);
  },
});
