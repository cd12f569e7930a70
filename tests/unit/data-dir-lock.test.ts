import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, liveLockOwner } from "@/lib/db/lock";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tg-lock-"));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("embedded data directory lock", () => {
  it("admits one owner and names it to the next", () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, "server");
    expect(liveLockOwner(dir)?.pid).toBe(process.pid);
    let error: unknown;
    try {
      acquireDataDirLock(dir, "server");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toMatch(new RegExp(`pid ${process.pid}`));
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireDataDirLock(dir, "cli").release();
  });

  it("takes over a lock whose owner died", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), role: "server", startedAt: "then" }));
    expect(liveLockOwner(dir)).toBeNull();
    const lock = acquireDataDirLock(dir, "server");
    expect(liveLockOwner(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it("treats a half-written lock file as stale", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pi');
    acquireDataDirLock(dir, "server").release();
  });
});
