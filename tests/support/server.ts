// Starts the production build (scripts/serve.ts) on a free port with its own data directory, as
// `npm start` would, and stops it by process group.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import "./outbound-allow";
import { ROOT } from "./paths";

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tg-data-"));
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** Resolve once the process exits instead of waiting for readiness (for refusal tests). */
  expectExit?: boolean;
}

/** `root`: another checkout with its own build (the bench's baseline); this one by default. */
export function spawnServer(port: number, dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = [], root = ROOT): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(root, "scripts/serve.ts")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      TRUSTGATE_URL: `http://localhost:${port}`,
      TRUSTGATE_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      ...env,
    },
  });
}

export async function waitForExit(child: ChildProcess, timeoutMs = 60_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("process did not exit")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawnServer(port, dataDir, options.env);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    await waitForExit(child, 15_000).catch(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Trustgate exited with ${child.exitCode}:\n${output}`);
    try {
      // Ready, not merely alive (/healthz is liveness only): database, migrations, signing key.
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Trustgate did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { url, port, dataDir, process: child, output: () => output, stop };
}

/** Runs the ops CLI the way an operator would; resolves with its output. */
export function runCli(args: string[], env: Record<string, string>, root = ROOT) {
  return runScript("scripts/cli.ts", args, env, root);
}

export async function runScript(script: string, args: string[], env: Record<string, string>, root = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await waitForExit(child, 60_000);
  return { code, stdout, stderr };
}
