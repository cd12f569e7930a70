// npm run bench: Trustgate side by side with node-oidc-provider (the peer) and a bare node:http
// floor, in one run on one machine, each on a scratch database of the same PostgreSQL server.
// All systems run at once (idle while another is measured) and are measured in turn for every
// target and connection count, so drift in the machine's load hits them alike. Warm-up, then a
// measured window with autocannon; a Markdown table on stdout, JSON in bench/results/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ROOT } from "@/tests/support/paths";
import { poolCutter, type BenchCredentials, type TokenPool } from "./lib/bench-credentials";
import { clientAssertionSync, dpopProofSync } from "./lib/bench-fapi";
import { groupCpuMs, runSignInCell, type SignInKind } from "./lib/bench-signin";
import { markdown, TARGET_NAMES, type BenchReport, type RunResult, type SystemReport, type TargetName } from "./lib/bench-report";
import { groupRssBytes, startSystem, SYSTEM_LABELS, SYSTEM_NAMES, type Endpoints, type RunningSystem, type SystemName } from "./lib/bench-systems";

interface Target {
  name: TargetName;
  method: "GET" | "POST";
  endpoint: keyof Endpoints;
  auth: "client" | "user" | "assertion" | null;
  /** Signed per request (a fresh jti each time): a DPoP proof, or the client assertion (private_key_jwt). */
  signs?: "dpop" | "assertion";
  /** Single-use credential each request presents. */
  perRequest?: "refresh" | "code";
  /** Tokens this target issues per successful request (for the memory measurement). */
  issues: number;
  /** A hosted sign-in cell (scripts/lib/bench-signin.ts): virtual users instead of autocannon connections. */
  signIn?: SignInKind;
}

const TARGETS: Record<TargetName, Target> = {
  client_credentials: { name: "client_credentials", method: "POST", endpoint: "token", auth: "client", issues: 1 },
  refresh_token: { name: "refresh_token", method: "POST", endpoint: "token", auth: "client", perRequest: "refresh", issues: 1 },
  authorization_code: { name: "authorization_code", method: "POST", endpoint: "token", auth: "client", perRequest: "code", issues: 1 },
  introspection: { name: "introspection", method: "POST", endpoint: "introspect", auth: "client", issues: 0 },
  jwks: { name: "jwks", method: "GET", endpoint: "jwks", auth: null, issues: 0 },
  discovery: { name: "discovery", method: "GET", endpoint: "discovery", auth: null, issues: 0 },
  healthz: { name: "healthz", method: "GET", endpoint: "healthz", auth: null, issues: 0 },
  user: { name: "user", method: "GET", endpoint: "user", auth: "user", issues: 0 },
  // FAPI 2.0 cells (issue 17): client_credentials with a DPoP proof (a DPoP-bound token), and with
  // a private_key_jwt assertion instead of the secret. Trustgate and the peer only.
  dpop_client_credentials: { name: "dpop_client_credentials", method: "POST", endpoint: "token", auth: "client", signs: "dpop", issues: 1 },
  private_key_jwt: { name: "private_key_jwt", method: "POST", endpoint: "token", auth: "assertion", signs: "assertion", issues: 1 },
  // Hosted sign-in (issue 21): a new user each time (phone, SMS code, consent, code exchange), or a
  // returning one (session and remembered consent). Trustgate systems and the peer; 1 token each.
  signin_first: { name: "signin_first", method: "GET", endpoint: "token", auth: null, signIn: "first", issues: 1 },
  signin_returning: { name: "signin_returning", method: "GET", endpoint: "token", auth: null, signIn: "returning", issues: 1 },
};
const DEFAULT_TARGETS: TargetName[] = ["client_credentials", "refresh_token", "authorization_code", "introspection", "jwks"];
const DEFAULT_SYSTEMS: SystemName[] = ["trustgate", "peer", "floor"];
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const REQUEST_TIMEOUT_SECONDS = 10;
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const BUILD_TIMEOUT_MS = 10 * 60_000;

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
  duration?: number;
  amount?: number;
  timeout: number;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
}
type AutocannonInstance = Promise<AutocannonResult> & { stop(): void };
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => AutocannonInstance;

interface BenchConfig {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number[];
  targets: TargetName[];
  systems: SystemName[];
  databaseUrl: string;
  /** Tokens each system has issued when its memory is read. */
  rssTokens: number;
  /** Single-use tokens minted per phase: this many × (the system's client_credentials req/s at that concurrency) × seconds. */
  mintFactor: number;
}

function list<T extends string>(variable: string, fallback: readonly T[], allowed: readonly T[]): T[] {
  const raw = process.env[variable];
  if (!raw) return [...fallback];
  const values = raw
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length || !values.length) throw new Error(`${variable}: unknown ${unknown.join(", ") || "(empty)"}; choose from ${allowed.join(", ")}`);
  return [...new Set(values)] as T[];
}

function positive(variable: string, fallback: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${variable} must be a positive number, got "${process.env[variable]}"`);
  return value;
}

function readConfig(): BenchConfig {
  const connections = (process.env.BENCH_CONNECTIONS ?? "8,32,128").split(",").map((part) => Number(part.trim()));
  if (!connections.length || connections.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`BENCH_CONNECTIONS must be a comma list of positive integers, got "${process.env.BENCH_CONNECTIONS}"`);
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  return {
    durationSeconds: positive("BENCH_DURATION", 10),
    warmupSeconds: positive("BENCH_WARMUP", 3),
    connections: [...new Set(connections)],
    targets: list("BENCH_TARGETS", DEFAULT_TARGETS, TARGET_NAMES),
    systems: list("BENCH_SYSTEMS", DEFAULT_SYSTEMS, SYSTEM_NAMES),
    databaseUrl,
    rssTokens: Math.floor(positive("BENCH_RSS_TOKENS", 100_000)),
    mintFactor: positive("BENCH_MINT_FACTOR", 2),
  };
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

/** One system under test and what the bench holds for it. */
interface Subject {
  system: RunningSystem;
  /** A client_credentials access token of the bench client, for introspection. */
  introspectToken: string;
  userAccessToken: string | null;
  /** Single-use credentials for the phase about to run. */
  pools: { refresh: { warmup: TokenPool; measured: TokenPool } | null; code: { warmup: TokenPool; measured: TokenPool } | null };
  codeVerifier: string;
  issued: number;
  minted: { refreshTokens: number; codes: number; ms: number };
  startupRssBytes: number | null;
}

function basicAuth(client: { id: string; secret: string }): string {
  // RFC 6749 §2.3.1: form-encode, then base64.
  return `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`;
}

function headersFor(target: Target, subject: Subject): Record<string, string> {
  const headers: Record<string, string> = target.method === "POST" ? { ...FORM } : {};
  if (target.auth === "client") headers.Authorization = basicAuth(subject.system.client);
  if (target.auth === "user") headers.Authorization = `Bearer ${subject.userAccessToken}`;
  if (target.signs === "dpop") headers.DPoP = dpopProofSync(subject.system.keyClient!.key, "POST", `${subject.system.issuer}${subject.system.endpoints.token}`);
  return headers;
}

function bodyFor(target: Target, subject: Subject, token: string | null): string | undefined {
  switch (target.name) {
    case "client_credentials":
      return "grant_type=client_credentials";
    case "refresh_token":
      // Never a used token again (that would revoke its family): an unknown one is just refused.
      return new URLSearchParams({ grant_type: "refresh_token", refresh_token: token ?? "exhausted" }).toString();
    case "authorization_code":
      return new URLSearchParams({ grant_type: "authorization_code", code: token ?? "exhausted", redirect_uri: subject.system.redirectUri, code_verifier: subject.codeVerifier }).toString();
    case "introspection":
      return new URLSearchParams({ token: subject.introspectToken, token_type_hint: "access_token" }).toString();
    case "dpop_client_credentials":
      return "grant_type=client_credentials";
    case "private_key_jwt": {
      const keyClient = subject.system.keyClient!;
      // aud = the issuer (FAPI 2.0 §5.3.2.1; both systems accept it).
      const assertion = clientAssertionSync(keyClient.key, keyClient.id, subject.system.issuer);
      return new URLSearchParams({ grant_type: "client_credentials", client_id: keyClient.id, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion }).toString();
    }
    default:
      return undefined;
  }
}

function pathOf(target: Target, subject: Subject): string | null {
  if (target.signIn) return subject.system.signIn?.authorizePath ?? null;
  // The FAPI cells need the system's key client (Trustgate and the peer; the floor has none).
  if (target.signs && !subject.system.keyClient) return null;
  return subject.system.endpoints[target.endpoint];
}

async function request(subject: Subject, target: Target, token: string | null = null): Promise<{ status: number; text: string }> {
  const response = await fetch(`${subject.system.baseUrl}${pathOf(target, subject)}`, {
    method: target.method,
    headers: headersFor(target, subject),
    body: bodyFor(target, subject, token),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
  });
  return { status: response.status, text: await response.text() };
}

// autocannon acts on stop() at its next one-second sample, and each connection builds its next
// request ahead: stop this many tokens before the pool is empty.
function stopReserve(ratePerSecond: number, connections: number): number {
  return Math.ceil(ratePerSecond * 1.5) + 2 * connections;
}

interface LoadOutcome {
  result: AutocannonResult;
  stoppedEarly: boolean;
  tokenless: number;
}

async function load(subject: Subject, target: Target, connections: number, options: { duration?: number; amount?: number }, pool: TokenPool | null, rate: number): Promise<LoadOutcome> {
  const headers = headersFor(target, subject);
  const url = `${subject.system.baseUrl}${pathOf(target, subject)}`;
  const base: AutocannonOptions = { url, method: target.method, headers, body: bodyFor(target, subject, null), connections, timeout: REQUEST_TIMEOUT_SECONDS, ...options };
  const running: { instance?: AutocannonInstance } = {};
  let stoppedEarly = false;
  let tokenless = 0;
  if (target.signs) {
    // A fresh proof or assertion (a new jti) for every request: single use on both systems.
    base.requests = [{ method: target.method, path: pathOf(target, subject)!, headers, setupRequest: (req) => ({ ...req, headers: headersFor(target, subject), body: bodyFor(target, subject, null) }) }];
  } else if (pool) {
    const reserve = stopReserve(rate, connections);
    base.requests = [
      {
        method: target.method,
        path: pathOf(target, subject)!,
        headers,
        setupRequest(req) {
          const token = pool.take();
          if (token === null) tokenless++;
          if (pool.remaining <= reserve && !stoppedEarly) {
            stoppedEarly = true;
            running.instance?.stop();
          }
          return { ...req, body: bodyFor(target, subject, token) };
        },
      },
    ];
  }
  const instance = (running.instance = autocannon(base));
  if (stoppedEarly) instance.stop();
  return { result: await instance, stoppedEarly, tokenless };
}

async function measure(subject: Subject, target: Target, connections: number, config: BenchConfig, rate: number): Promise<RunResult> {
  const name = subject.system.name;
  const pools = target.perRequest ? subject.pools[target.perRequest] : null;
  console.error(`${name}: ${target.name} @ ${connections} connections: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
  const warmup = await load(subject, target, connections, { duration: config.warmupSeconds }, pools?.warmup ?? null, rate);
  if (warmup.stoppedEarly) console.error(`  warm-up ran out of single-use tokens after ${warmup.result.duration} s`);
  // Server CPU over the measured window (user + system of its process group, PostgreSQL not
  // included): unlike req/s it does not depend on how long the work waited for a core.
  const cpuBefore = groupCpuMs(subject.system.pid);
  const { result, stoppedEarly, tokenless } = await load(subject, target, connections, { duration: config.durationSeconds }, pools?.measured ?? null, rate);
  const cpuAfter = groupCpuMs(subject.system.pid);
  subject.issued += target.issues * (warmup.result["2xx"] + result["2xx"]);
  const notes = [stoppedEarly ? `single-use tokens ran out after ${result.duration} s (${pools!.measured.used} of ${pools!.measured.size} used)` : null, tokenless ? `${tokenless} requests sent without a token` : null].filter(
    Boolean,
  );
  return {
    system: name,
    target: target.name,
    method: target.method,
    path: pathOf(target, subject)!,
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
    stoppedEarly: notes.length ? notes.join("; ") : null,
    cpuUsPerRequest: cpuBefore !== null && cpuAfter !== null && result.requests.total ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total : null,
  };
}

async function measureSignIn(subject: Subject, target: Target, users: number, config: BenchConfig): Promise<RunResult> {
  const system = subject.system;
  console.error(`${system.name}: ${target.name} with ${users} virtual users: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
  const stats = await runSignInCell(system.signIn!, {
    kind: target.signIn!,
    users,
    warmupSeconds: config.warmupSeconds,
    durationSeconds: config.durationSeconds,
    pid: system.pid,
    rss: () => groupRssBytes(system.pid),
  });
  subject.issued += stats.signIns;
  for (const error of stats.firstErrors) console.error(`  ${error}`);
  return {
    system: system.name,
    target: target.name,
    method: "GET",
    path: system.signIn!.authorizePath,
    connections: users,
    requestsPerSecond: stats.signInsPerSecond,
    latencyP50Ms: stats.p50Ms,
    latencyP99Ms: stats.p99Ms,
    latencyMeanMs: stats.meanMs,
    requestsTotal: stats.signIns,
    non2xx: 0,
    errors: stats.errors,
    timeouts: 0,
    durationSeconds: stats.durationSeconds,
    stoppedEarly: null,
    signIn: stats,
  };
}

async function prepare(system: RunningSystem, startupRssBytes: number | null): Promise<Subject> {
  const subject: Subject = {
    system,
    startupRssBytes,
    introspectToken: "",
    userAccessToken: null,
    pools: { refresh: null, code: null },
    codeVerifier: "",
    issued: 0,
    minted: { refreshTokens: 0, codes: 0, ms: 0 },
  };
  // The token introspection asks about: one the system issued to the bench client, as a partner would.
  const issued = await request(subject, TARGETS.client_credentials);
  if (issued.status !== 200) throw new Error(`${system.name}: client_credentials answered ${issued.status} before the benchmark: ${issued.text.slice(0, 300)}`);
  subject.introspectToken = (JSON.parse(issued.text) as { access_token: string }).access_token;
  subject.issued++;
  return subject;
}

/** Mints the single-use credentials of one connection count's refresh and code runs (warm-up and measured). */
async function mintPhase(subject: Subject, config: BenchConfig, connections: number, rate: number, targets: Target[]): Promise<void> {
  const kinds = targets.filter((t) => t.perRequest).map((t) => t.perRequest!);
  if (!kinds.length) return;
  const reserve = stopReserve(rate, connections);
  const warmup = Math.ceil(rate * config.mintFactor * config.warmupSeconds) + reserve;
  const measured = Math.ceil(rate * config.mintFactor * config.durationSeconds) + reserve;
  // One extra of each for the preflight request that proves the path works before load.
  const perKind = 1 + warmup + measured;
  const refreshCount = kinds.includes("refresh") ? perKind : 0;
  const codeCount = kinds.includes("code") ? perKind : 0;
  const started = Date.now();
  console.error(`${subject.system.name}: minting ${refreshCount} refresh tokens and ${codeCount} authorization codes for ${connections} connections…`);
  const minted: BenchCredentials = await subject.system.mint(refreshCount, codeCount);
  subject.minted.refreshTokens += refreshCount;
  subject.minted.codes += codeCount;
  subject.minted.ms += Date.now() - started;
  subject.codeVerifier = minted.codeVerifier;
  if (minted.userAccessToken) subject.userAccessToken = minted.userAccessToken;
  for (const [kind, tokens] of [
    ["refresh", minted.refreshTokens],
    ["code", minted.codes],
  ] as const) {
    if (!tokens.length) continue;
    const cut = poolCutter(tokens);
    const preflight = cut(1).take()!;
    const target = kind === "refresh" ? TARGETS.refresh_token : TARGETS.authorization_code;
    const answer = await request(subject, target, preflight);
    if (answer.status !== 200) throw new Error(`${subject.system.name}: ${target.name} answered ${answer.status} before the benchmark: ${answer.text.slice(0, 300)}`);
    subject.issued++;
    subject.pools[kind] = { warmup: cut(warmup), measured: cut(measured) };
  }
}

/**
 * Issues client_credentials tokens until the system has issued config.rssTokens, reading its
 * memory every BENCH_RSS_STEP tokens (the curve) and at the end.
 */
async function memoryAfterTokens(subject: Subject, config: BenchConfig): Promise<{ rssBytes: number | null; curve: { tokens: number; rssBytes: number | null }[] }> {
  const step = Math.floor(positive("BENCH_RSS_STEP", 10_000));
  const curve: { tokens: number; rssBytes: number | null }[] = [{ tokens: subject.issued, rssBytes: groupRssBytes(subject.system.pid) }];
  while (config.rssTokens - subject.issued > 0) {
    const amount = Math.min(step, config.rssTokens - subject.issued);
    console.error(`${subject.system.name}: issuing ${amount} more tokens (${subject.issued} so far) before reading its memory…`);
    // autocannon refuses fewer requests than connections (a few refused tokens leave a short last step).
    const { result } = await load(subject, TARGETS.client_credentials, Math.min(32, amount), { amount }, null, 0);
    subject.issued += result["2xx"];
    curve.push({ tokens: subject.issued, rssBytes: groupRssBytes(subject.system.pid) });
    if (!result["2xx"]) break;
  }
  return { rssBytes: groupRssBytes(subject.system.pid), curve };
}

/** BENCH_SIGNIN_CURVE=N: N more first-time sign-ins (BENCH_SIGNIN_CURVE_USERS users, 32), memory read every BENCH_SIGNIN_CURVE_STEP (500). */
async function memoryAfterSignIns(subject: Subject): Promise<{ signIns: number; rssBytes: number | null; errors?: number }[] | undefined> {
  const total = Number(process.env.BENCH_SIGNIN_CURVE ?? 0);
  if (!total || !subject.system.signIn) return undefined;
  const step = Math.floor(positive("BENCH_SIGNIN_CURVE_STEP", 500));
  // Fewer users on a starved machine (the embedded database answers 503 when 32 wait too long).
  const users = Math.floor(positive("BENCH_SIGNIN_CURVE_USERS", 32));
  const pid = subject.system.pid;
  const curve: { signIns: number; rssBytes: number | null; errors?: number }[] = [{ signIns: 0, rssBytes: groupRssBytes(pid) }];
  for (let done = 0; done < total;) {
    console.error(`${subject.system.name}: ${step} more first-time sign-ins (${done} so far) before reading its memory…`);
    const stats = await runSignInCell(subject.system.signIn, { kind: "first", users, warmupSeconds: 0, durationSeconds: 0, pid, rss: () => groupRssBytes(pid), amount: step });
    done += stats.signIns;
    curve.push({ signIns: done, rssBytes: groupRssBytes(pid), ...(stats.errors ? { errors: stats.errors } : {}) });
    // A memory curve is not a throughput cell: a rare failed sign-in (a connection reset on a loaded
    // machine) is recorded with the point; more than 1 % of a step means something is broken.
    if (stats.errors) console.error(`  ${stats.errors} sign-ins failed: ${stats.firstErrors.join("; ")}`);
    if (stats.errors > step / 100) throw new Error(`${subject.system.name}: ${stats.errors} sign-ins failed during the memory curve: ${stats.firstErrors.join("; ")}`);
  }
  return curve;
}

function gitCommit(root = ROOT): string | null {
  const result = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).stdout?.trim();
  return result.status === 0 ? `${result.stdout.trim()}${dirty ? "+dirty" : ""}` : null;
}

function machineInfo() {
  const cpus = os.cpus();
  return { platform: os.platform(), release: os.release(), arch: os.arch(), cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", totalMemBytes: os.totalmem(), loadAverage: os.loadavg(), node: process.version };
}

function writeResults(report: BenchReport): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, ".gitkeep"), "");
  const json = JSON.stringify(report, null, 2) + "\n";
  // Colons are not portable in file names.
  const file = path.join(RESULTS_DIR, `${report.timestamp.replace(/:/g, "-")}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(RESULTS_DIR, "latest.json"), json);
  return file;
}

const running: RunningSystem[] = [];

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((system) => system.stop().catch((error: unknown) => console.error(`stopping ${system.name}: ${String(error)}`))));
}

async function main(): Promise<number> {
  const config = readConfig();
  if (config.systems.some((s) => s.startsWith("trustgate"))) ensureBuild();
  const onSignal = (signal: NodeJS.Signals) => void stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const loadBefore = os.loadavg();
  // The code under test: read before the systems start, not after a long run.
  const commit = gitCommit();

  const subjects: Subject[] = [];
  try {
    // Started one after the other, so each startup time is its own.
    for (const name of config.systems) {
      console.error(`Starting ${SYSTEM_LABELS[name]}…`);
      const system = await startSystem(name, config.databaseUrl);
      running.push(system);
      const startupRssBytes = groupRssBytes(system.pid);
      console.error(`  healthy after ${system.startupMs} ms`);
      subjects.push(await prepare(system, startupRssBytes));
    }
    const results: RunResult[] = [];
    const targets = config.targets.map((name) => TARGETS[name]);
    let cell = 0;
    for (const connections of config.connections) {
      // client_credentials first: its rate sizes the stock of single-use tokens for the others.
      const ordered = [...targets].sort((a, b) => Number(b.name === "client_credentials") - Number(a.name === "client_credentials"));
      const rates = new Map<SystemName, number>();
      for (const target of ordered) {
        // Who goes first alternates from cell to cell (A B, B A, …): what one system's cell leaves
        // behind in the shared database (autovacuum, checkpoints after a mint) does not always hit the same system.
        const turn = cell++ % 2 === 0 ? subjects : [...subjects].reverse();
        for (const subject of turn) {
          if (!pathOf(target, subject)) continue;
          if (target.signIn) {
            results.push(await measureSignIn(subject, target, connections, config));
            if (subject.system.exited()) throw new Error(`${subject.system.name} exited during the benchmark:\n${subject.system.output()}`);
            continue;
          }
          if (target.perRequest && !subject.pools[target.perRequest]?.measured.remaining) {
            const rate = rates.get(subject.system.name) ?? Number(process.env.BENCH_MINT_RATE ?? 2_000);
            await mintPhase(subject, config, connections, rate, targets);
          }
          if (target.auth === "user" && !subject.userAccessToken) subject.userAccessToken = (await subject.system.mint(0, 0)).userAccessToken ?? null;
          const result = await measure(subject, target, connections, config, rates.get(subject.system.name) ?? 2_000);
          if (target.name === "client_credentials") rates.set(subject.system.name, Math.max(200, result.requestsPerSecond));
          results.push(result);
          if (subject.system.exited()) throw new Error(`${subject.system.name} exited during the benchmark:\n${subject.system.output()}`);
        }
      }
      // Next connection count: fresh pools.
      for (const subject of subjects) subject.pools = { refresh: null, code: null };
    }
    const systems: SystemReport[] = [];
    for (const subject of subjects) {
      const signInRssCurve = await memoryAfterSignIns(subject);
      const { rssBytes, curve } = await memoryAfterTokens(subject, config);
      systems.push({
        tokenRssCurve: curve,
        signInRssCurve,
        name: subject.system.name,
        label: SYSTEM_LABELS[subject.system.name],
        startupMs: subject.system.startupMs,
        startupRssBytes: subject.startupRssBytes,
        rssBytes,
        rssTokens: subject.issued,
        minted: subject.minted,
      });
    }
    const timestamp = new Date().toISOString();
    const report: BenchReport = {
      timestamp,
      commit,
      machine: { ...machineInfo(), loadAverageBefore: loadBefore },
      config: {
        ...config,
        databaseUrl: config.databaseUrl.replace(/\/\/[^@]*@/, "//…@"),
        trustgateWorkers: process.env.TRUSTGATE_WORKERS ?? null,
        // The commits measured when other checkouts stand in (scripts/lib/bench-systems.ts).
        trustgateCommit: process.env.BENCH_TRUSTGATE_ROOT ? gitCommit(path.resolve(process.env.BENCH_TRUSTGATE_ROOT)) : commit,
        baselineCommit: process.env.BENCH_BASELINE_ROOT ? gitCommit(path.resolve(process.env.BENCH_BASELINE_ROOT)) : null,
      },
      systems,
      results,
    };
    const file = writeResults(report);
    console.log(markdown(report));
    console.error(`\nResults: ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
    const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0);
    for (const r of failed) console.error(`FAILED: ${r.system} ${r.target} @ ${r.connections}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return failed.length ? 1 : 0;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
