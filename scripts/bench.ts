// npm run bench: starts the built server, load-tests key endpoints with autocannon, writes bench/results/*.json.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { usesExternalDatabase } from "@/lib/config/settings";
import { ROOT } from "@/tests/support/paths";
import { freePort, runCli, spawnServer, tempDataDir, waitForExit } from "@/tests/support/server";

interface Target {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sends the bench partner's client_id:client_secret as HTTP Basic. */
  partnerAuth?: boolean;
}

const TARGETS: Target[] = [
  { name: "healthz", method: "GET", path: "/healthz" },
  { name: "jwks", method: "GET", path: "/.well-known/jwks.json" },
  // Constant JSON, no database: the framework's own ceiling to compare the grants against.
  { name: "openid-configuration", method: "GET", path: "/.well-known/openid-configuration" },
  {
    name: "client_credentials",
    method: "POST",
    path: "/v1/oauth/token",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
    partnerAuth: true,
  },
];

interface BenchPartner {
  client_id: string;
  client_secret: string;
}

const WARMUP_SECONDS = 3;
const REQUEST_TIMEOUT_SECONDS = 10;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const RESULTS_DIR = path.join(ROOT, "bench", "results");

// autocannon ships no type declarations; this is the subset used here.
interface AutocannonOptions {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  timeout: number;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

interface BenchConfig {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number[];
}

interface TargetResult {
  name: string;
  method: string;
  path: string;
  connections: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  requestsTotal: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

type DatabaseMode = "embedded" | "postgres";

function readConfig(): BenchConfig {
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`BENCH_DURATION must be a positive number of seconds, got "${process.env.BENCH_DURATION}"`);
  const connections = (process.env.BENCH_CONNECTIONS ?? "32").split(",").map((part) => Number(part.trim()));
  if (!connections.length || connections.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`BENCH_CONNECTIONS must be a comma list of positive integers, got "${process.env.BENCH_CONNECTIONS}"`);
  }
  return { durationSeconds: duration, warmupSeconds: WARMUP_SECONDS, connections };
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  console.error("No production build found: running next build…");
  // Build output goes to stderr so stdout carries only the results table.
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
    timeout: BUILD_TIMEOUT_MS,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
}

function databaseSetup(): { mode: DatabaseMode; env: Record<string, string> } {
  const url = process.env.DATABASE_URL ?? "";
  if (!usesExternalDatabase()) return { mode: "embedded", env: { DATABASE_URL: "" } };
  // A fresh secret suits a scratch database; a database with existing keys needs its own TRUSTGATE_SECRET.
  const secret = process.env.TRUSTGATE_SECRET || randomBytes(32).toString("base64url");
  return { mode: "postgres", env: { DATABASE_URL: url, TRUSTGATE_SECRET: secret } };
}

function captureOutput(child: ChildProcess): () => string {
  let output = "";
  // Draining the pipes also keeps a chatty server from blocking on a full buffer.
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return () => output;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (hasExited(child) || !killGroup(child, "SIGTERM")) return;
  try {
    await waitForExit(child, STOP_TIMEOUT_MS);
  } catch {
    killGroup(child, "SIGKILL");
    await waitForExit(child, 5_000).catch(() => {});
  }
}

async function waitForHealthy(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (hasExited(child)) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before becoming healthy:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server not healthy after ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A confidential client created through the ops CLI against the running server's database. */
async function createBenchPartner(env: Record<string, string>): Promise<BenchPartner> {
  const created = await runCli(["client", "create", "--name", "Bench partner", "--redirect-uri", "https://bench.example/callback", "--json"], env);
  if (created.code !== 0) throw new Error(`could not create the bench partner (exit ${created.code}):\n${created.stderr}`);
  return JSON.parse(created.stdout) as BenchPartner;
}

function headersFor(target: Target, partner: BenchPartner): Record<string, string> | undefined {
  if (!target.partnerAuth) return target.headers;
  // RFC 6749 §2.3.1: form-encode, then base64.
  const credentials = `${encodeURIComponent(partner.client_id)}:${encodeURIComponent(partner.client_secret)}`;
  return { ...target.headers, Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` };
}

// A target that already fails on one request would only benchmark its error path.
async function preflight(baseUrl: string, target: Target, partner: BenchPartner): Promise<void> {
  const response = await fetch(`${baseUrl}${target.path}`, {
    method: target.method,
    headers: headersFor(target, partner),
    body: target.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${target.method} ${target.path} answered ${response.status} before the benchmark`);
}

function load(baseUrl: string, target: Target, partner: BenchPartner, connections: number, duration: number): Promise<AutocannonResult> {
  return autocannon({
    url: `${baseUrl}${target.path}`,
    method: target.method,
    headers: headersFor(target, partner),
    body: target.body,
    connections,
    duration,
    timeout: REQUEST_TIMEOUT_SECONDS,
  });
}

async function benchTarget(baseUrl: string, target: Target, partner: BenchPartner, connections: number, config: BenchConfig): Promise<TargetResult> {
  console.error(`${target.method} ${target.path} @ ${connections} connections: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
  await load(baseUrl, target, partner, connections, config.warmupSeconds);
  const result = await load(baseUrl, target, partner, connections, config.durationSeconds);
  return {
    name: target.name,
    method: target.method,
    path: target.path,
    connections,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    requestsTotal: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}

function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function gitCommit(): string | null {
  const result = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemBytes: os.totalmem(),
    node: process.version,
  };
}

function writeResults(report: object, timestamp: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, ".gitkeep"), "");
  const json = JSON.stringify(report, null, 2) + "\n";
  // Colons are not portable in file names.
  const file = path.join(RESULTS_DIR, `${timestamp.replace(/:/g, "-")}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(RESULTS_DIR, "latest.json"), json);
  return file;
}

function markdown(results: TargetResult[], startupMs: number, rss: number | null, mode: DatabaseMode): string {
  const round = (n: number, digits = 1) => n.toFixed(digits);
  const rows = results.map((r) =>
    `| ${r.method} ${r.path} | ${r.connections} | ${round(r.requestsPerSecond)} | ${round(r.latencyP50Ms, 2)} | ${round(r.latencyP99Ms, 2)} | ${r.non2xx} | ${r.errors} | ${r.timeouts} |`,
  );
  return [
    `Database: ${mode} · startup: ${startupMs} ms · server RSS after run: ${rss === null ? "n/a" : `${round(rss / 1024 / 1024)} MiB`}`,
    "",
    "| endpoint | conns | req/s | p50 ms | p99 ms | non-2xx | errors | timeouts |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`benchmark exceeded its ${Math.round(ms / 1000)} s budget`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function budgetMs(config: BenchConfig): number {
  const runs = TARGETS.length * config.connections.length;
  const perRunSeconds = config.warmupSeconds + config.durationSeconds + 2 * REQUEST_TIMEOUT_SECONDS;
  // + the CLI run that creates the bench partner (runScript gives it at most 60 s).
  return STARTUP_TIMEOUT_MS + 60_000 + runs * perRunSeconds * 1000 + 30_000;
}

async function main(): Promise<number> {
  const config = readConfig();
  ensureBuild();
  const database = databaseSetup();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = tempDataDir();
  const spawnedAt = Date.now();
  const child = spawnServer(port, dataDir, database.env);
  const output = captureOutput(child);

  let cleanup: Promise<void> | undefined;
  const stop = () => (cleanup ??= stopServer(child).finally(() => fs.rmSync(dataDir, { recursive: true, force: true })));
  // The server runs in its own process group, so an interrupted bench must stop it explicitly.
  const onSignal = (signal: NodeJS.Signals) => void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const run = async () => {
      await waitForHealthy(child, baseUrl, output);
      const startupMs = Date.now() - spawnedAt;
      const partner = await createBenchPartner({ ...database.env, TRUSTGATE_DATA_DIR: dataDir });
      const results: TargetResult[] = [];
      for (const target of TARGETS) {
        await preflight(baseUrl, target, partner);
        for (const connections of config.connections) results.push(await benchTarget(baseUrl, target, partner, connections, config));
      }
      if (hasExited(child)) throw new Error(`server exited during the benchmark:\n${output()}`);
      return { startupMs, results, rss: rssBytes(child.pid!) };
    };
    const { startupMs, results, rss } = await withDeadline(run(), budgetMs(config));
    const timestamp = new Date().toISOString();
    const file = writeResults(
      { timestamp, commit: gitCommit(), machine: machineInfo(), database: database.mode, config, startupMs, serverRssBytes: rss, results },
      timestamp,
    );
    console.log(markdown(results, startupMs, rss, database.mode));
    console.error(`\nResults: ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
    const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0);
    for (const r of failed) console.error(`FAILED: ${r.method} ${r.path} @ ${r.connections}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return failed.length ? 1 : 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
