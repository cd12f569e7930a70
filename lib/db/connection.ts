// Chooses the database: DATABASE_URL → that PostgreSQL; unset → the embedded PGlite in the data
// directory. A server owns the embedded directory; tools (CLI, migrator) go through a running
// server's socket, or, when none runs, open the directory themselves under the same lock.
import { dataDir, usesExternalDatabase } from "@/lib/config/settings";
import { acquireDataDirLock, liveLockOwner } from "./lock";
import { openEmbeddedDatabase, readEndpoint } from "./embedded";

export type DatabaseMode = "postgres" | "embedded";

export interface DatabaseHandle {
  url: string;
  mode: DatabaseMode;
  /** Data directory of the embedded database (where its generated secret lives), else null. */
  embeddedDataDir: string | null;
  /** True when this process opened the embedded directory itself. */
  ownsEmbedded: boolean;
  close(): Promise<void>;
}

const SERVER_ENDPOINT_WAIT_MS = 20_000;

export async function connectDatabase(role: "server" | "tool"): Promise<DatabaseHandle> {
  if (usesExternalDatabase()) {
    return { url: process.env.DATABASE_URL!, mode: "postgres", embeddedDataDir: null, ownsEmbedded: false, close: async () => {} };
  }
  const dir = dataDir();
  if (role === "tool") {
    const remote = await runningServerUrl(dir);
    if (remote) return { url: remote, mode: "embedded", embeddedDataDir: dir, ownsEmbedded: false, close: async () => {} };
  }
  const lock = acquireDataDirLock(dir, role === "server" ? "server" : "cli");
  try {
    const embedded = await openEmbeddedDatabase(dir, { publish: true });
    return {
      url: embedded.url,
      mode: "embedded",
      embeddedDataDir: dir,
      ownsEmbedded: true,
      async close() {
        await embedded.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The socket URL of the live process that owns `dir`, waiting while it is still starting. */
async function runningServerUrl(dir: string): Promise<string | null> {
  const deadline = Date.now() + SERVER_ENDPOINT_WAIT_MS;
  for (;;) {
    const owner = liveLockOwner(dir);
    if (!owner) return null;
    const endpoint = readEndpoint(dir);
    if (endpoint && endpoint.pid === owner.pid) return endpoint.url;
    if (Date.now() > deadline) {
      throw new Error(`Trustgate (pid ${owner.pid}) holds ${dir} but does not serve its database; is it still starting?`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
