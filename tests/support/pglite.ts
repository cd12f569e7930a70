// In-process PGlite for tests, served on a Unix socket exactly as the embedded server does, so
// the code under test reaches it through @prisma/adapter-pg like in production.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { guardExtendedProtocol } from "@/lib/db/pglite-wire-guard";

export interface ServedPGlite {
  url: string;
  db: PGlite;
  /** Stops serving (the database "goes down"); `close` also frees the instance. */
  stopServing(): Promise<void>;
  close(): Promise<void>;
}

export async function servePGlite(options: { loadDataDir?: Blob } = {}): Promise<ServedPGlite> {
  const db = await PGlite.create({ loadDataDir: options.loadDataDir });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-pg-"));
  const socketPath = path.join(dir, ".s.PGSQL.5432");
  const server = new PGLiteSocketServer({ db: guardExtendedProtocol(db), path: socketPath, maxConnections: 32 });
  await server.start();
  let serving = true;
  const stopServing = async () => {
    if (!serving) return;
    serving = false;
    await server.stop();
  };
  return {
    url: `postgresql://postgres@localhost:5432/postgres?host=${encodeURIComponent(dir)}`,
    db,
    stopServing,
    async close() {
      await stopServing();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
