// A throwaway PostgreSQL cluster for fault tests: initdb in a temp directory, one free port, trust
// authentication on 127.0.0.1 — so a test may stop and restart it without touching the system
// PostgreSQL other suites share. Uses the Debian binaries (/usr/lib/postgresql/<n>/bin); as root
// it runs them as the `postgres` user (initdb refuses root).
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./server";

export interface PrivatePostgres {
  /** Admin URL (database `postgres`). */
  adminUrl: string;
  /** A URL for database `name` on this cluster. */
  urlFor(name: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")) && fs.existsSync(path.join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

const isRoot = process.getuid?.() === 0;

const execFileAsync = promisify(execFile);

/** Runs a PostgreSQL tool as the cluster's owner, without blocking this process's event loop. */
async function runAsOwner(command: string, args: string[]): Promise<void> {
  if (isRoot) await execFileAsync("runuser", ["-u", "postgres", "--", command, ...args]);
  else await execFileAsync(command, args);
}

/** True when initdb and pg_ctl exist (and, as root, the postgres user to run them). */
export function privatePostgresAvailable(): boolean {
  if (!binDir()) return false;
  if (!isRoot) return true;
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-pg-"));
  if (isRoot) execFileSync("chown", ["postgres", dir]);
  const data = path.join(dir, "data");
  const port = await freePort();
  await runAsOwner(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const pgCtl = (...args: string[]) => runAsOwner(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), ...args]);
  const start = () => pgCtl("-w", "-o", options, "start");
  // Fast shutdown: open sessions are terminated, in-flight transactions roll back — as in a crash
  // from the client's point of view, without risking the data directory.
  const stop = () => pgCtl("-w", "-m", "fast", "stop");
  await start();
  const urlFor = (name: string) => `postgresql://postgres@127.0.0.1:${port}/${name}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    start,
    stop,
    restart: () => pgCtl("-w", "-m", "fast", "-o", options, "restart"),
    async destroy() {
      try {
        await stop();
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
