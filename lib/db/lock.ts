// Exclusive lock on an embedded data directory. PGlite allows exactly one process per directory:
// two writers silently lose rows and can leave the directory unopenable. The lock file records the
// owner's pid; a lock whose owner is dead is taken over (under a short-lived takeover lock so two
// starters cannot both decide the same stale lock is theirs).
import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = "trustgate.lock";
const TAKEOVER_FILE = "trustgate.lock.takeover";
const STALE_TAKEOVER_MS = 10_000;

export interface LockOwner {
  pid: number;
  role: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Trustgate process (pid ${owner.pid}, ${owner.role}, since ${owner.startedAt}). ` +
        "Only one process may open it: stop that process first, or run the CLI, which works through a running server.",
    );
    this.name = "DataDirLockedError";
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), "utf8")) as LockOwner;
    return typeof owner.pid === "number" ? owner : null;
  } catch {
    return null;
  }
}

/** The live owner of the lock, if any. */
export function liveLockOwner(dataDir: string): LockOwner | null {
  const owner = readLockOwner(dataDir);
  return owner && isAlive(owner.pid) ? owner : null;
}

function tryCreate(file: string, content: string): boolean {
  try {
    fs.writeFileSync(file, content, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the directory's lock or throws DataDirLockedError naming the live owner. */
export function acquireDataDirLock(dataDir: string, role: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, role, startedAt: new Date().toISOString() };
  const content = JSON.stringify(me);

  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(lockFile, content)) return lockHandle(lockFile);
    const owner = readLockOwner(dataDir);
    if (owner && isAlive(owner.pid)) throw new DataDirLockedError(dataDir, owner);
    // Stale (or unreadable half-written) lock: take it over under the takeover lock.
    const takeover = path.join(dataDir, TAKEOVER_FILE);
    if (!tryCreate(takeover, content)) {
      const age = Date.now() - safeMtime(takeover);
      if (age > STALE_TAKEOVER_MS) fs.rmSync(takeover, { force: true });
      continue;
    }
    try {
      const again = readLockOwner(dataDir);
      if (again && isAlive(again.pid)) throw new DataDirLockedError(dataDir, again);
      fs.rmSync(lockFile, { force: true });
      if (tryCreate(lockFile, content)) return lockHandle(lockFile);
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }
  const owner = readLockOwner(dataDir);
  throw new DataDirLockedError(dataDir, owner ?? { pid: -1, role: "unknown", startedAt: "unknown" });
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

function lockHandle(lockFile: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Remove only our own lock.
    try {
      const owner = JSON.parse(fs.readFileSync(lockFile, "utf8")) as LockOwner;
      if (owner.pid === process.pid) fs.rmSync(lockFile, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return { release };
}
