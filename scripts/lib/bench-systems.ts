// The systems npm run bench compares, each on its own scratch database of the same PostgreSQL
// server, each started as its own process group, each minting its single-use credentials (refresh
// tokens, authorization codes) with its own code:
// - trustgate: the production build (scripts/serve.ts) in PostgreSQL mode; the bench partner is
//   created with the ops CLI, tokens and codes by scripts/lib/bench-mint.ts through lib/oauth.
// - trustgate-workers: the same build with TRUSTGATE_WORKERS=auto (node:cluster, one per core).
// - trustgate-next: the same build with the lean dispatch path and the client cache off, one
//   process — every request through Next.js's router (the "before" column of docs/benchmarks.md;
//   the per-grant query reductions in lib/ apply to it too).
// - trustgate-embedded: the same build on its embedded database (PGlite), what `npm start` gives a
//   newcomer; one process (the embedded database has one owner).
// - trustgate-baseline: another checkout's production build (BENCH_BASELINE_ROOT, e.g. a worktree of
//   the commit before a change, with its own node_modules and `next build`), run like `trustgate`,
//   so "before" and "after" are measured in one run, cell by cell. Grant cells only (no sign-in
//   cells); the private_key_jwt/DPoP client only when the tree has them. What an older tree
//   lacks is read from its files: no --id-token-alg in its CLI (ES256 was then the only algorithm),
//   no /readyz (its /healthz answered readiness). BENCH_TRUSTGATE_ROOT likewise points the
//   `trustgate` system at another checkout (comparing two older trees with this harness).
// - peer: node-oidc-provider (bench/peer/server.ts) over a PostgreSQL adapter; minting through the
//   provider's own Grant/RefreshToken/AuthorizationCode models.
// - floor: a bare node:http server (bench/floor/server.ts) doing the irreducible work.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "@/tests/support/paths";
import { createPostgresDatabase } from "@/tests/support/postgres";
import { freePort, runCli, spawnServer, tempDataDir, waitForExit } from "@/tests/support/server";
import { mintWith, type BenchCredentials } from "./bench-credentials";
import { benchKey, type BenchKey } from "./bench-fapi";
import type { SignInSystem } from "./bench-signin";

export const SYSTEM_NAMES = ["trustgate", "trustgate-baseline", "trustgate-workers", "trustgate-next", "trustgate-embedded", "peer", "floor"] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

export const SYSTEM_LABELS: Record<SystemName, string> = {
  trustgate: "Trustgate",
  "trustgate-baseline": "Trustgate, baseline build (BENCH_BASELINE_ROOT)",
  "trustgate-workers": "Trustgate, one process per core",
  "trustgate-next": "Trustgate via Next.js router only",
  "trustgate-embedded": "Trustgate, embedded database",
  peer: "node-oidc-provider",
  floor: "floor (node:http)",
};

export interface Endpoints {
  token: string;
  introspect: string;
  jwks: string;
  discovery: string;
  healthz: string;
  /** Polled until 200 to measure startup: ready to serve grants (Trustgate: /readyz; the others have only /healthz). */
  ready: string;
  /** Trustgate only. */
  user: string | null;
}

export interface RunningSystem {
  name: SystemName;
  baseUrl: string;
  pid: number;
  /** Spawn to the first 200 from the readiness endpoint (`endpoints.ready`). */
  startupMs: number;
  client: { id: string; secret: string };
  /** The issuer as the system names itself (DPoP htu and assertion aud are built from it). */
  issuer: string;
  /** A second client authenticating with private_key_jwt (ES256), for the private_key_jwt cell; null where unsupported. */
  keyClient: { id: string; key: BenchKey } | null;
  redirectUri: string;
  endpoints: Endpoints;
  mint(refreshTokens: number, codes: number): Promise<BenchCredentials>;
  /** What the hosted sign-in cells drive; null where there is no sign-in (the floor). */
  signIn: SignInSystem | null;
  exited(): boolean;
  output(): string;
  stop(): Promise<void>;
}

const REDIRECT_URI = "https://bench.example/callback";
// BENCH_STARTUP_TIMEOUT_S: a niced run on a loaded machine can take longer than two minutes to start.
const STARTUP_TIMEOUT_MS = Number(process.env.BENCH_STARTUP_TIMEOUT_S ?? 120) * 1000;
const STOP_TIMEOUT_MS = 15_000;

const TRUSTGATE_ENDPOINTS: Endpoints = {
  token: "/v1/oauth/token",
  introspect: "/v1/oauth/introspect",
  jwks: "/.well-known/jwks.json",
  discovery: "/.well-known/openid-configuration",
  healthz: "/healthz",
  // /healthz is liveness only (200 before the database is even asked): startup ends at readiness.
  ready: "/readyz",
  user: "/v1/user",
};

const PEER_ENDPOINTS: Endpoints = { token: "/token", introspect: "/token/introspection", jwks: "/jwks", discovery: "/.well-known/openid-configuration", healthz: "/healthz", ready: "/healthz", user: null };
const FLOOR_ENDPOINTS: Endpoints = { token: "/token", introspect: "/introspect", jwks: "/jwks", discovery: "/.well-known/openid-configuration", healthz: "/healthz", ready: "/healthz", user: null };

function captureOutput(child: ChildProcess): () => string {
  let output = "";
  // Draining the pipes also keeps a chatty server from blocking on a full buffer.
  child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  return () => output;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (hasExited(child) || !killGroup(child, "SIGTERM")) return;
  try {
    await waitForExit(child, STOP_TIMEOUT_MS);
  } catch {
    killGroup(child, "SIGKILL");
    await waitForExit(child, 5_000).catch(() => {});
  }
}

async function waitForHealthy(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (hasExited(child)) throw new Error(`${url}: server exited (${child.exitCode ?? child.signalCode}) before becoming healthy:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url}: not healthy after ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  startupMs: number;
}

async function startAndWait(spawnIt: () => ChildProcess, healthUrl: string, cleanup: () => Promise<void>): Promise<Started> {
  const spawnedAt = Date.now();
  const child = spawnIt();
  const output = captureOutput(child);
  try {
    await waitForHealthy(child, healthUrl, output);
  } catch (error) {
    await stopGroup(child);
    await cleanup();
    throw error;
  }
  return { child, output, startupMs: Date.now() - spawnedAt };
}

function checkoutRoot(variable: "BENCH_BASELINE_ROOT" | "BENCH_TRUSTGATE_ROOT"): string {
  const root = process.env[variable];
  if (!root) throw new Error(`${variable}: a checkout of the tree with node_modules and a production build (.next/BUILD_ID)`);
  const resolved = path.resolve(root);
  if (!fs.existsSync(path.join(resolved, ".next", "BUILD_ID"))) throw new Error(`${variable}=${root}: no production build there (run next build in it first)`);
  return resolved;
}

/** What a checkout of an older tree supports, read from its files. */
function checkoutFeatures(root: string): { readyz: boolean; idTokenAlgFlag: boolean; privateKeyJwt: boolean } {
  const cliSources = [path.join(root, "scripts", "cli.ts"), ...listFiles(path.join(root, "lib", "cli"))].filter((file) => file.endsWith(".ts"));
  const cli = cliSources.map((file) => fs.readFileSync(file, "utf8")).join("\n");
  return {
    readyz: fs.existsSync(path.join(root, "lib", "server", "readiness.ts")),
    idTokenAlgFlag: cli.includes("id-token-alg"),
    privateKeyJwt: cli.includes("token-endpoint-auth-method"),
  };
}

function listFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

async function startTrustgate(name: "trustgate" | "trustgate-baseline" | "trustgate-workers" | "trustgate-next" | "trustgate-embedded", adminUrl: string, extraEnv: Record<string, string>): Promise<RunningSystem> {
  const baseline = name === "trustgate-baseline";
  const root = baseline ? checkoutRoot("BENCH_BASELINE_ROOT") : name === "trustgate" && process.env.BENCH_TRUSTGATE_ROOT ? checkoutRoot("BENCH_TRUSTGATE_ROOT") : ROOT;
  const features = root === ROOT ? { readyz: true, idTokenAlgFlag: true, privateKeyJwt: true } : checkoutFeatures(root);
  // Sign-in cells drive this tree's pages; another checkout is measured on the grant cells only.
  const grantsOnly = root !== ROOT;
  // The embedded database lives in the data directory (no scratch PostgreSQL database).
  const database = name === "trustgate-embedded" ? { url: "", drop: async () => {} } : await createPostgresDatabase("tg_bench", adminUrl);
  const dataDir = tempDataDir();
  const port = await freePort();
  // SMS codes go to the outbox table, where the sign-in cells read them (never sent anywhere).
  const env = { DATABASE_URL: database.url, TRUSTGATE_SECRET: randomBytes(32).toString("base64url"), SMS_PROVIDER: "outbox", ...extraEnv };
  // Profiling a run: e.g. BENCH_TRUSTGATE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_TRUSTGATE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const cleanup = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  // An older tree may predate /readyz: its /healthz then answered readiness.
  const endpoints = features.readyz ? TRUSTGATE_ENDPOINTS : { ...TRUSTGATE_ENDPOINTS, ready: "/healthz" };
  const { child, output, startupMs } = await startAndWait(() => spawnServer(port, dataDir, env, nodeArgs, root), `${baseUrl}${endpoints.ready}`, cleanup);
  // The same database, secret and issuer as the server (spawnServer sets TRUSTGATE_URL so).
  const toolEnv = { ...env, TRUSTGATE_DATA_DIR: dataDir, TRUSTGATE_URL: `http://localhost:${port}` };
  // ID tokens signed like the peer's (ES256) unless BENCH_ID_TOKEN_ALG=RS256 asks for the default of new clients:
  // an RSA-2048 signature costs ~16 times an ES256 one (690 µs vs 43 µs here), and refresh and code exchange sign an ID token each.
  const idTokenAlg = process.env.BENCH_ID_TOKEN_ALG ?? "ES256";
  // An older tree may predate the flag (ES256 was then the only algorithm).
  const algFlag = features.idTokenAlgFlag ? ["--id-token-alg", idTokenAlg] : [];
  const created = await runCli(["client", "create", "--name", "Bench partner", "--redirect-uri", REDIRECT_URI, ...algFlag, "--json"], toolEnv, root);
  if (created.code !== 0) {
    await stopGroup(child);
    await cleanup();
    throw new Error(`could not create the bench partner (exit ${created.code}):\n${created.stderr}`);
  }
  const partner = JSON.parse(created.stdout) as { client_id: string; client_secret: string };
  // The private_key_jwt cell's client: configured like the peer's (inline JWK Set, ES256).
  const key = benchKey();
  const keyCreated = !features.privateKeyJwt
    ? null
    : await runCli(
        [
          "client",
          "create",
          "--name",
          "Bench key partner",
          "--redirect-uri",
          REDIRECT_URI,
          "--token-endpoint-auth-method",
          "private_key_jwt",
          "--jwks",
          JSON.stringify({ keys: [{ ...key.publicJwk, kid: key.kid, alg: "ES256", use: "sig" }] }),
          "--json",
        ],
        toolEnv,
        root,
      );
  if (keyCreated && keyCreated.code !== 0) {
    await stopGroup(child);
    await cleanup();
    throw new Error(`could not create the bench key partner (exit ${keyCreated.code}):\n${keyCreated.stderr}`);
  }
  const keyPartner = keyCreated ? (JSON.parse(keyCreated.stdout) as { client_id: string }) : null;
  // The embedded database answers other processes on its socket only (never open the directory).
  const outboxDatabaseUrl = database.url || (JSON.parse(fs.readFileSync(path.join(dataDir, "trustgate-db.json"), "utf8")) as { url: string }).url;
  return {
    name,
    baseUrl,
    pid: child.pid!,
    startupMs,
    client: { id: partner.client_id, secret: partner.client_secret },
    issuer: toolEnv.TRUSTGATE_URL,
    keyClient: keyPartner ? { id: keyPartner.client_id, key } : null,
    redirectUri: REDIRECT_URI,
    endpoints,
    signIn: grantsOnly
      ? null
      : {
          flavour: "trustgate",
          port,
          origin: toolEnv.TRUSTGATE_URL,
          authorizePath: "/login/oauth/authorize",
          tokenPath: TRUSTGATE_ENDPOINTS.token,
          client: { id: partner.client_id, secret: partner.client_secret },
          redirectUri: REDIRECT_URI,
          outboxDatabaseUrl,
        },
    mint: (refreshTokens, codes) => mintWith("scripts/lib/bench-mint.ts", ["--client-id", partner.client_id, "--refresh-tokens", String(refreshTokens), "--codes", String(codes), "--redirect-uri", REDIRECT_URI], toolEnv, root),
    exited: () => hasExited(child),
    output,
    stop: async () => {
      await stopGroup(child);
      await cleanup();
    },
  };
}

/** peer and floor: one script that serves, or mints with `mint …`, from the same environment. */
async function startScript(name: "peer" | "floor", script: string, endpoints: Endpoints, adminUrl: string): Promise<RunningSystem> {
  const database = await createPostgresDatabase(`tg_bench_${name}`, adminUrl);
  const port = await freePort();
  const client = { id: `bench-${name}-${randomBytes(4).toString("hex")}`, secret: randomBytes(32).toString("base64url") };
  const baseUrl = `http://127.0.0.1:${port}`;
  // The peer also registers a private_key_jwt client with this key (bench/peer/server.ts).
  const key = benchKey();
  const keyClient = name === "peer" ? { id: `${client.id}-key`, key } : null;
  const env: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: database.url,
    BENCH_ISSUER: baseUrl,
    BENCH_CLIENT_ID: client.id,
    BENCH_CLIENT_SECRET: client.secret,
    BENCH_REDIRECT_URI: REDIRECT_URI,
    ...(keyClient ? { BENCH_KEY_CLIENT_ID: keyClient.id, BENCH_KEY_CLIENT_JWKS: JSON.stringify({ keys: [{ ...keyClient.key.publicJwk, kid: keyClient.key.kid, alg: "ES256", use: "sig" }] }) } : {}),
    BENCH_POOL_SIZE: process.env.TRUSTGATE_DB_POOL_SIZE ?? "10",
    NODE_ENV: "production",
  };
  const spawnIt = () => spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script)], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const { child, output, startupMs } = await startAndWait(spawnIt, `${baseUrl}${endpoints.ready}`, database.drop);
  return {
    name,
    baseUrl,
    pid: child.pid!,
    startupMs,
    client,
    issuer: baseUrl,
    keyClient,
    redirectUri: REDIRECT_URI,
    endpoints,
    // The peer's development interactions (login form, consent form): bench/peer/server.ts.
    signIn: name === "peer" ? { flavour: "peer", port, origin: baseUrl, authorizePath: "/auth", tokenPath: endpoints.token, client, redirectUri: REDIRECT_URI } : null,
    mint: (refreshTokens, codes) => mintWith(script, ["mint", "--refresh-tokens", String(refreshTokens), "--codes", String(codes)], env),
    exited: () => hasExited(child),
    output,
    stop: async () => {
      await stopGroup(child);
      await database.drop();
    },
  };
}

export function startSystem(name: SystemName, adminUrl: string): Promise<RunningSystem> {
  switch (name) {
    case "trustgate":
      // As deployed: the lean path on (the default), processes per TRUSTGATE_WORKERS if set.
      return startTrustgate(name, adminUrl, process.env.TRUSTGATE_WORKERS ? { TRUSTGATE_WORKERS: process.env.TRUSTGATE_WORKERS } : {});
    case "trustgate-baseline":
      return startTrustgate(name, adminUrl, process.env.TRUSTGATE_WORKERS ? { TRUSTGATE_WORKERS: process.env.TRUSTGATE_WORKERS } : {});
    case "trustgate-workers":
      return startTrustgate(name, adminUrl, { TRUSTGATE_WORKERS: "auto" });
    case "trustgate-next":
      return startTrustgate(name, adminUrl, { TRUSTGATE_LEAN_DISPATCH: "off", TRUSTGATE_WORKERS: "1", TRUSTGATE_CLIENT_CACHE: "off" });
    case "trustgate-embedded":
      return startTrustgate(name, adminUrl, {});
    case "peer":
      return startScript(name, "bench/peer/server.ts", PEER_ENDPOINTS, adminUrl);
    case "floor":
      return startScript(name, "bench/floor/server.ts", FLOOR_ENDPOINTS, adminUrl);
  }
}

/** Resident memory of the system's whole process group (a clustered server has several). */
export function groupRssBytes(pgid: number): number | null {
  let total = 0;
  let found = false;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"));
      if (match) {
        total += Number(match[1]) * 1024;
        found = true;
      }
    } catch {
      /* the process ended meanwhile */
    }
  }
  return found ? total : null;
}
