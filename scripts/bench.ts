// npm run bench: starts the built server on each database — PGlite always, PostgreSQL too when
// BENCH_DATABASE_URL is set (a scratch database beside it) — load-tests key endpoints with
// autocannon, prints a Markdown table and writes bench/results/*.json.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ROOT } from "@/tests/support/paths";
import { createPostgresDatabase } from "@/tests/support/postgres";
import { freePort, runCli, spawnServer, tempDataDir, waitForExit } from "@/tests/support/server";
import { mintBenchCredentials, poolCutter, type TokenPool } from "./lib/bench-credentials";
import { GOALS, markdown, withRatios, type DatabaseMode, type ModeReport, type TargetResult } from "./lib/bench-report";

interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** partner: the bench partner's client_id:client_secret as HTTP Basic; user: a user's Bearer access token. */
  auth?: "partner" | "user";
  /** Every request presents a refresh token of its own: they are single-use. */
  refreshTokenPerRequest?: boolean;
}

// Constant JSON, no database: the framework's own ceiling to compare the others against.
const CEILING = "openid-configuration";
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

const TARGETS: Target[] = [
  { name: "healthz", method: "GET", path: "/healthz" },
  { name: "jwks", method: "GET", path: "/.well-known/jwks.json" },
  { name: CEILING, method: "GET", path: "/.well-known/openid-configuration" },
  { name: "client_credentials", method: "POST", path: "/v1/oauth/token", headers: FORM, body: "grant_type=client_credentials", auth: "partner" },
  { name: "refresh_token", method: "POST", path: "/v1/oauth/token", headers: FORM, auth: "partner", refreshTokenPerRequest: true },
  { name: "user", method: "GET", path: "/v1/user", auth: "user" },
];

/** BENCH_TARGETS=a,b narrows a run (the ceiling always runs, for the ratios). */
function selectedTargets(): Target[] {
  const wanted = process.env.BENCH_TARGETS?.split(",").map((name) => name.trim()).filter(Boolean);
  if (!wanted?.length) return TARGETS;
  const unknown = wanted.filter((name) => !TARGETS.some((target) => target.name === name));
  if (unknown.length) throw new Error(`BENCH_TARGETS names unknown targets: ${unknown.join(", ")}`);
  return TARGETS.filter((target) => target.name === CEILING || wanted.includes(target.name));
}

/** The grants issue 3 sets a throughput and latency goal for. */
const GOAL_TARGETS = ["client_credentials", "refresh_token"] as const;

interface BenchPartner {
  client_id: string;
  client_secret: string;
}

const WARMUP_SECONDS = 3;
const REQUEST_TIMEOUT_SECONDS = 10;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const MINT_BUDGET_MS = 5 * 60_000;
const RESULTS_DIR = path.join(ROOT, "bench", "results");
// Refresh tokens are minted for this rate — well above what this server does (NOTES.md: the
// framework's ceiling here is ~1,050 req/s) — over warm-up plus measured window, up to a cap.
const REFRESH_TOKENS_PER_SECOND = 3_000;
const MAX_REFRESH_TOKENS = 200_000;

// autocannon ships no type declarations; this is the subset used here.
interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonOptions {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
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
type AutocannonInstance = Promise<AutocannonResult> & { stop(): void };
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => AutocannonInstance;

interface BenchConfig {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number[];
  databases: DatabaseMode[];
}

/** What a target's requests present, per mode. */
interface Credentials {
  partner: BenchPartner;
  userAccessToken: string;
  /** Refresh tokens for the preflight, and per connection count for warm-up and measured window. */
  refresh: { preflight: TokenPool; runs: Map<number, { warmup: TokenPool; measured: TokenPool }> };
}

function readConfig(): BenchConfig {
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`BENCH_DURATION must be a positive number of seconds, got "${process.env.BENCH_DURATION}"`);
  const connections = (process.env.BENCH_CONNECTIONS ?? "32").split(",").map((part) => Number(part.trim()));
  if (!connections.length || connections.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`BENCH_CONNECTIONS must be a comma list of positive integers, got "${process.env.BENCH_CONNECTIONS}"`);
  }
  const databases: DatabaseMode[] = process.env.BENCH_DATABASE_URL ? (process.env.BENCH_POSTGRES_ONLY === "1" ? ["postgres"] : ["embedded", "postgres"]) : ["embedded"];
  return { durationSeconds: duration, warmupSeconds: WARMUP_SECONDS, connections: [...new Set(connections)], databases };
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

/** The server's database environment for a mode, and how to throw the database away. */
async function databaseSetup(mode: DatabaseMode): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (mode === "embedded") return { env: { DATABASE_URL: "" }, drop: async () => {} };
  const created = await createPostgresDatabase("tg_bench", process.env.BENCH_DATABASE_URL);
  // A scratch database: a fresh secret. The bench's minting process gets the same one.
  return { env: { DATABASE_URL: created.url, TRUSTGATE_SECRET: randomBytes(32).toString("base64url") }, drop: created.drop };
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

/** Refresh tokens for one phase: its rate × seconds, plus what arrives after the stop is asked for. */
function phaseTokens(seconds: number, connections: number): number {
  return Math.ceil(seconds * REFRESH_TOKENS_PER_SECOND) + stopReserve(connections);
}

// autocannon acts on stop() at its next one-second sample, and each connection builds its next
// request ahead: stop this many tokens before the pool is empty.
function stopReserve(connections: number): number {
  return REFRESH_TOKENS_PER_SECOND + 2 * connections;
}

interface RefreshTokenPlan {
  total: number;
  /** Pool sizes per connection count; one more token goes to the preflight. */
  runs: { connections: number; warmup: number; measured: number }[];
}

function refreshTokenPlan(config: BenchConfig): RefreshTokenPlan {
  const wanted = config.connections.map((c) => ({ connections: c, warmup: phaseTokens(config.warmupSeconds, c), measured: phaseTokens(config.durationSeconds, c) }));
  const sum = wanted.reduce((total, run) => total + run.warmup + run.measured, 0);
  // Past the cap every phase gets its share, and a measured window may end early (reported).
  const scale = Math.min(1, (MAX_REFRESH_TOKENS - 1) / sum);
  const runs = wanted.map((run) => ({ ...run, warmup: Math.floor(run.warmup * scale), measured: Math.floor(run.measured * scale) }));
  return { total: 1 + runs.reduce((total, run) => total + run.warmup + run.measured, 0), runs };
}

async function benchCredentials(env: Record<string, string>, config: BenchConfig): Promise<{ credentials: Credentials; minted: number; mintMs: number }> {
  const partner = await createBenchPartner(env);
  const plan = refreshTokenPlan(config);
  console.error(`Minting ${plan.total} refresh tokens…`);
  const startedAt = Date.now();
  const minted = await mintBenchCredentials(env, partner.client_id, plan.total);
  const mintMs = Date.now() - startedAt;
  const cut = poolCutter(minted.refreshTokens);
  const preflight = cut(1);
  const runs = new Map(plan.runs.map((run) => [run.connections, { warmup: cut(run.warmup), measured: cut(run.measured) }]));
  return { credentials: { partner, userAccessToken: minted.userAccessToken, refresh: { preflight, runs } }, minted: plan.total, mintMs };
}

function headersFor(target: Target, credentials: Credentials): Record<string, string> | undefined {
  if (target.auth === "user") return { ...target.headers, Authorization: `Bearer ${credentials.userAccessToken}` };
  if (target.auth !== "partner") return target.headers;
  // RFC 6749 §2.3.1: form-encode, then base64.
  const { client_id, client_secret } = credentials.partner;
  const basic = Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`).toString("base64");
  return { ...target.headers, Authorization: `Basic ${basic}` };
}

function refreshBody(token: string): string {
  return new URLSearchParams({ grant_type: "refresh_token", refresh_token: token }).toString();
}

// A target that already fails on one request would only benchmark its error path.
async function preflight(baseUrl: string, target: Target, credentials: Credentials): Promise<void> {
  let body = target.body;
  if (target.refreshTokenPerRequest) {
    const token = credentials.refresh.preflight.take();
    if (!token) throw new Error("no refresh token left for the preflight");
    body = refreshBody(token);
  }
  const response = await fetch(`${baseUrl}${target.path}`, {
    method: target.method,
    headers: headersFor(target, credentials),
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target.name}: ${target.method} ${target.path} answered ${response.status} before the benchmark: ${text.slice(0, 300)}`);
}

interface LoadOutcome {
  result: AutocannonResult;
  /** The pool ran low and the run was stopped before its duration. */
  stoppedEarly: boolean;
  /** Requests sent with no token left (answered 400; the reserve should keep this at 0). */
  tokenless: number;
}

async function load(baseUrl: string, target: Target, credentials: Credentials, connections: number, duration: number, pool: TokenPool | null): Promise<LoadOutcome> {
  const headers = headersFor(target, credentials);
  const options: AutocannonOptions = { url: `${baseUrl}${target.path}`, method: target.method, headers, body: target.body, connections, duration, timeout: REQUEST_TIMEOUT_SECONDS };
  // Clients build their first request inside autocannon(), before the instance exists.
  const running: { instance?: AutocannonInstance } = {};
  let stoppedEarly = false;
  let tokenless = 0;
  if (pool) {
    const reserve = stopReserve(connections);
    options.requests = [
      {
        method: target.method,
        path: target.path,
        headers,
        setupRequest(request) {
          const token = pool.take();
          if (token === null) tokenless++;
          if (pool.remaining <= reserve && !stoppedEarly) {
            stoppedEarly = true;
            running.instance?.stop();
          }
          // Never a used token again (that would revoke its family): an unknown one is just refused.
          return { ...request, body: refreshBody(token ?? "tgr_exhausted") };
        },
      },
    ];
  }
  const instance = (running.instance = autocannon(options));
  if (stoppedEarly) instance.stop();
  return { result: await instance, stoppedEarly, tokenless };
}

async function benchTarget(baseUrl: string, target: Target, credentials: Credentials, connections: number, config: BenchConfig): Promise<TargetResult> {
  console.error(`${target.name} (${target.method} ${target.path}) @ ${connections} connections: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
  const pools = target.refreshTokenPerRequest ? credentials.refresh.runs.get(connections)! : null;
  const warmup = await load(baseUrl, target, credentials, connections, config.warmupSeconds, pools?.warmup ?? null);
  if (warmup.stoppedEarly) console.error(`  warm-up ran out of refresh tokens after ${warmup.result.duration} s`);
  const { result, stoppedEarly, tokenless } = await load(baseUrl, target, credentials, connections, config.durationSeconds, pools?.measured ?? null);
  const notes = [
    stoppedEarly ? `refresh tokens ran out after ${result.duration} s (${pools!.measured.used} of ${pools!.measured.size} used)` : null,
    tokenless ? `${tokenless} requests sent without a token` : null,
  ].filter(Boolean);
  return {
    name: target.name,
    method: target.method,
    path: target.path,
    connections,
    requestsPerSecond: result.requests.average,
    ratioToCeiling: null,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    requestsTotal: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    stoppedEarly: notes.length ? notes.join("; ") : null,
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

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`benchmark exceeded its ${Math.round(ms / 1000)} s budget`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Time allowed for one database mode. */
function budgetMs(config: BenchConfig): number {
  const runs = selectedTargets().length * config.connections.length;
  const perRunSeconds = config.warmupSeconds + config.durationSeconds + 2 * REQUEST_TIMEOUT_SECONDS;
  // + the CLI run that creates the bench partner (runScript gives it at most 60 s) and the minting.
  return STARTUP_TIMEOUT_MS + 60_000 + MINT_BUDGET_MS + runs * perRunSeconds * 1000 + 30_000;
}

// Set while a mode runs, so an interrupted bench stops its server and drops its database.
let cleanupCurrentMode: (() => Promise<void>) | null = null;

async function runMode(mode: DatabaseMode, config: BenchConfig): Promise<ModeReport> {
  console.error(`\n== ${mode} ==`);
  const database = await databaseSetup(mode);
  const dataDir = tempDataDir();
  let child: ChildProcess | undefined;
  let cleanup: Promise<void> | undefined;
  const stop = () =>
    (cleanup ??= (async () => {
      if (child) await stopServer(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    })());
  cleanupCurrentMode = stop;
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const spawnedAt = Date.now();
    const server = spawnServer(port, dataDir, database.env);
    child = server;
    const output = captureOutput(server);
    const run = async (): Promise<ModeReport> => {
      await waitForHealthy(server, baseUrl, output);
      const startupMs = Date.now() - spawnedAt;
      // The same database, secret and issuer as the server (spawnServer sets TRUSTGATE_URL so).
      const toolEnv = { ...database.env, TRUSTGATE_DATA_DIR: dataDir, TRUSTGATE_URL: `http://localhost:${port}` };
      const { credentials, minted, mintMs } = await benchCredentials(toolEnv, config);
      const results: TargetResult[] = [];
      for (const target of selectedTargets()) {
        await preflight(baseUrl, target, credentials);
        for (const connections of config.connections) results.push(await benchTarget(baseUrl, target, credentials, connections, config));
      }
      if (hasExited(server)) throw new Error(`server exited during the benchmark:\n${output()}`);
      return { database: mode, startupMs, serverRssBytes: rssBytes(server.pid!), refreshTokensMinted: minted, mintMs, results: withRatios(results, CEILING) };
    };
    return await withDeadline(run(), budgetMs(config));
  } finally {
    await stop();
    cleanupCurrentMode = null;
  }
}

async function main(): Promise<number> {
  const config = readConfig();
  ensureBuild();
  const onSignal = (signal: NodeJS.Signals) => void (cleanupCurrentMode?.() ?? Promise.resolve()).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const modes: ModeReport[] = [];
  for (const mode of config.databases) modes.push(await runMode(mode, config));

  const timestamp = new Date().toISOString();
  const file = writeResults(
    { timestamp, commit: gitCommit(), machine: machineInfo(), config, ceiling: CEILING, goals: { ...GOALS, targets: GOAL_TARGETS, database: "postgres" }, modes },
    timestamp,
  );
  console.log(markdown(modes, CEILING, GOAL_TARGETS));
  console.error(`\nResults: ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
  const failed = modes.flatMap((mode) => mode.results.filter((r) => r.non2xx > 0 || r.errors > 0).map((r) => ({ mode: mode.database, ...r })));
  for (const r of failed) console.error(`FAILED: ${r.mode} ${r.name} @ ${r.connections}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
