// Memory of one system under a long run of one kind of work, step by step (issue 21, "memory flat"):
// RSS of its process group, and for Trustgate the V8 heap and "external" memory (ArrayBuffers,
// wasm memories) from its own /metrics, after every step; optionally a heap snapshot at the start
// and at the end (SIGUSR2 with --heapsnapshot-signal) to compare retained sizes by constructor.
//
//   node --import tsx scripts/memory-probe.ts trustgate tokens 100000 10000
//   node --import tsx scripts/memory-probe.ts trustgate-embedded signins 5000 500
//   MEMORY_PROBE_SNAPSHOTS=/tmp/snaps node --import tsx scripts/memory-probe.ts trustgate signins 2000 500
//
// The systems and the work are npm run bench's (scripts/lib/bench-systems.ts, bench-signin.ts);
// the healthy reading is taken at readiness and again after MEMORY_PROBE_SETTLE_S seconds idle
// (Next.js preloads its route modules in the background after it starts listening).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { runSignInCell } from "./lib/bench-signin";
import { groupRssBytes, startSystem, SYSTEM_NAMES, type RunningSystem, type SystemName } from "./lib/bench-systems";

type Work = "tokens" | "signins";
interface Reading {
  done: number;
  seconds: number;
  rssMiB: number | null;
  heapUsedMiB?: number;
  heapTotalMiB?: number;
  externalMiB?: number;
  spaces?: Record<string, number>;
}

const MiB = 1024 * 1024;
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<{ "2xx": number; non2xx: number; errors: number }>;

async function metrics(system: RunningSystem, token: string): Promise<Partial<Reading>> {
  if (!system.name.startsWith("trustgate")) return {};
  try {
    const response = await fetch(`${system.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    const value = (name: string) => {
      const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m").exec(text);
      return match ? Math.round((Number(match[1]) / MiB) * 10) / 10 : undefined;
    };
    // Committed size of every V8 heap space (new, old, code, large objects…).
    const spaces: Record<string, number> = {};
    for (const match of text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="([a-z_]+)"\} ([0-9.e+]+)$/gm)) spaces[match[1]!] = Math.round(Number(match[2]) / MiB);
    return { heapUsedMiB: value("nodejs_heap_size_used_bytes"), heapTotalMiB: value("nodejs_heap_size_total_bytes"), externalMiB: value("nodejs_external_memory_bytes"), spaces };
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const [name, work, totalArg, stepArg] = process.argv.slice(2) as [SystemName, Work, string, string];
  if (!SYSTEM_NAMES.includes(name) || (work !== "tokens" && work !== "signins")) throw new Error("usage: memory-probe.ts <system> tokens|signins <total> <step>");
  const total = Number(totalArg);
  const step = Number(stepArg);
  const snapshots = process.env.MEMORY_PROBE_SNAPSHOTS;
  const settleSeconds = Number(process.env.MEMORY_PROBE_SETTLE_S ?? 10);
  const token = (process.env.TRUSTGATE_METRICS_TOKEN ??= randomBytes(24).toString("base64url"));
  if (snapshots) {
    fs.mkdirSync(snapshots, { recursive: true });
    process.env.BENCH_TRUSTGATE_NODE_ARGS = `${process.env.BENCH_TRUSTGATE_NODE_ARGS ?? ""} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}`;
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const system = await startSystem(name, databaseUrl);
  const started = Date.now();
  const readings: Reading[] = [];
  const read = async (done: number) => {
    const reading: Reading = { done, seconds: Math.round((Date.now() - started) / 1000), rssMiB: Math.round(((groupRssBytes(system.pid) ?? 0) / MiB) * 10) / 10, ...(await metrics(system, token)) };
    readings.push(reading);
    console.error(JSON.stringify(reading));
  };
  const snapshot = async (label: string) => {
    if (!snapshots) return;
    const before = new Set(fs.readdirSync(snapshots));
    process.kill(system.pid, "SIGUSR2");
    // Written synchronously by the server; wait until a new file stops growing.
    for (let last = -1; ;) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const file = fs.readdirSync(snapshots).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
      if (!file) continue;
      const size = fs.statSync(path.join(snapshots, file)).size;
      if (size === last && size > 0) {
        fs.renameSync(path.join(snapshots, file), path.join(snapshots, `${name}-${work}-${label}.heapsnapshot`));
        return;
      }
      last = size;
    }
  };
  try {
    console.error(`${name}: healthy after ${system.startupMs} ms`);
    await read(0);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    await read(0);
    let done = 0;
    let errors = 0;
    if (work === "signins") {
      // One sign-in first, so the snapshot at "start" has every module of the path loaded.
      const warm = await runSignInCell(system.signIn!, { kind: "first", users: 1, warmupSeconds: 0, durationSeconds: 0, pid: system.pid, rss: () => groupRssBytes(system.pid), amount: 1 });
      done += warm.signIns;
      // The first sign-in after start: in lazy mode (TRUSTGATE_PRELOAD_ROUTES=off) it loads the route modules.
      console.error(JSON.stringify({ firstSignInMs: Math.round(warm.meanMs), steps: warm.steps.map((s) => `${s.step} ${Math.round(s.p50Ms)}`).join("; ") }));
      await read(done);
    }
    await snapshot("start");
    await read(done);
    while (done < total) {
      const amount = Math.min(step, total - done);
      if (work === "tokens") {
        const result = await autocannon({
          url: `${system.baseUrl}${system.endpoints.token}`,
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${encodeURIComponent(system.client.id)}:${encodeURIComponent(system.client.secret)}`).toString("base64")}` },
          body: "grant_type=client_credentials",
          connections: 32,
          amount,
          timeout: 10,
        });
        if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
        done += result["2xx"];
      } else {
        const stats = await runSignInCell(system.signIn!, { kind: "first", users: 32, warmupSeconds: 0, durationSeconds: 0, pid: system.pid, rss: () => groupRssBytes(system.pid), amount });
        // A reset connection now and then on a loaded machine is not a memory question: say it, go on.
        if (stats.errors) console.error(`  ${stats.errors} sign-ins failed: ${stats.firstErrors.join("; ")}\n${system.output().slice(-3000)}`);
        errors += stats.errors;
        done += stats.signIns;
      }
      await read(done);
    }
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    await read(done);
    await snapshot("end");
    const out = process.env.MEMORY_PROBE_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify({ system: name, work, total, step, startupMs: system.startupMs, errors, timestamp: new Date().toISOString(), readings }, null, 2) + "\n");
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
