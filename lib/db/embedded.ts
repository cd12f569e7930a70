// The embedded database: PGlite in the data directory, served over the Postgres wire protocol on
// a Unix socket inside that directory (mode 0700, so only its owner can connect). Everything — the
// app, the migrator, the CLI, psql — talks to it as to any PostgreSQL: one code path for both modes.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { guardExtendedProtocol } from "./pglite-wire-guard";

export const ENDPOINT_FILE = "trustgate-db.json";
const PGDATA = "pgdata";
// Unix socket paths are limited to ~107 bytes; longer directories fall back to loopback TCP.
const MAX_SOCKET_PATH = 100;

export interface EmbeddedEndpoint {
  url: string;
  pid: number;
}

export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  close(): Promise<void>;
}

function socketUrl(dir: string, port: number): string {
  return `postgresql://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`;
}

/** Opens PGlite (caller holds the directory lock) and serves it to local processes. */
export async function openEmbeddedDatabase(dataDir: string, options: { publish: boolean }): Promise<EmbeddedDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const db = await PGlite.create(path.join(dataDir, PGDATA));
  const server = await serve(db, dataDir);
  const url = server.url;
  const endpointFile = path.join(dataDir, ENDPOINT_FILE);
  if (options.publish) {
    const endpoint: EmbeddedEndpoint = { url, pid: process.pid };
    fs.writeFileSync(endpointFile, JSON.stringify(endpoint), { mode: 0o600 });
  }
  let closed = false;
  return {
    url,
    db,
    async close() {
      if (closed) return;
      closed = true;
      if (options.publish) fs.rmSync(endpointFile, { force: true });
      await server.socket.stop().catch(() => {});
      await db.close().catch(() => {});
    },
  };
}

async function serve(db: PGlite, dataDir: string): Promise<{ socket: PGLiteSocketServer; url: string }> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const port = 5432;
  const socketPath = path.join(dataDir, `.s.PGSQL.${port}`);
  if (socketPath.length <= MAX_SOCKET_PATH) {
    fs.rmSync(socketPath, { force: true }); // left by a crashed owner (we hold the lock)
    const socket = new PGLiteSocketServer({ db: guardExtendedProtocol(db), path: socketPath, maxConnections: 32 });
    await socket.start();
    return { socket, url: socketUrl(dataDir, port) };
  }
  const socket = new PGLiteSocketServer({ db: guardExtendedProtocol(db), host: "127.0.0.1", port: 0, maxConnections: 32 });
  await socket.start();
  const conn = socket.getServerConn(); // "127.0.0.1:PORT"
  const tcpPort = Number(conn.split(":").pop());
  return { socket, url: `postgresql://postgres@127.0.0.1:${tcpPort}/postgres` };
}

/** The endpoint a running server published, if it is still alive. */
export function readEndpoint(dataDir: string): EmbeddedEndpoint | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, ENDPOINT_FILE), "utf8")) as EmbeddedEndpoint;
  } catch {
    return null;
  }
}
