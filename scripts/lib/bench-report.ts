// What npm run bench reports: per target and connection count, each system's throughput, latency
// and errors side by side, and Trustgate's throughput as a ratio of the peer's and the floor's.
import type { SignInStats } from "./bench-signin";
import { SYSTEM_LABELS, type SystemName } from "./bench-systems";

export const TARGET_NAMES = [
  "client_credentials",
  "refresh_token",
  "authorization_code",
  "introspection",
  "jwks",
  "discovery",
  "healthz",
  "user",
  "dpop_client_credentials",
  "private_key_jwt",
  "signin_first",
  "signin_returning",
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface RunResult {
  system: SystemName;
  target: TargetName;
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
  /** Why the measured window ended before its configured duration (single-use tokens ran out). */
  stoppedEarly: string | null;
  /** Server CPU (user + system of its process group) per request answered in the measured window; null off Linux. */
  cpuUsPerRequest?: number | null;
  /** Sign-in cells: requestsPerSecond is sign-ins/s, the latencies are whole sign-ins; the rest here. */
  signIn?: SignInStats;
}

export interface SystemReport {
  name: SystemName;
  label: string;
  startupMs: number;
  /** Resident memory of the system's processes when it first answered healthy (before any load). */
  startupRssBytes: number | null;
  /** Resident memory of the system's processes once it has issued rssTokens tokens. */
  rssBytes: number | null;
  rssTokens: number;
  minted: { refreshTokens: number; codes: number; ms: number };
  /** Resident memory every BENCH_RSS_STEP issued tokens. */
  tokenRssCurve?: { tokens: number; rssBytes: number | null }[];
  /** Resident memory every BENCH_SIGNIN_CURVE_STEP first-time sign-ins (after the cells). */
  signInRssCurve?: { signIns: number; rssBytes: number | null; errors?: number }[];
}

export interface BenchReport {
  timestamp: string;
  commit: string | null;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  systems: SystemReport[];
  results: RunResult[];
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const ratio = (a: RunResult | undefined, b: RunResult | undefined) => (a && b && b.requestsPerSecond > 0 ? `${fixed(a.requestsPerSecond / b.requestsPerSecond, 2)}×` : "—");

function cell(result: RunResult | undefined): string {
  if (!result) return "— | — | — | —";
  const failures = result.non2xx + result.errors + result.timeouts;
  return `${Math.round(result.requestsPerSecond)} | ${fixed(result.latencyP50Ms)} | ${fixed(result.latencyP99Ms)} | ${failures}${result.stoppedEarly ? "*" : ""}`;
}

const mib = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? "n/a" : `${fixed(bytes / 1024 / 1024)} MiB`);

export function markdown(report: BenchReport): string {
  const systems = report.systems.map((s) => s.name);
  const find = (system: SystemName, target: TargetName, connections: number) => report.results.find((r) => r.system === system && r.target === target && r.connections === connections);
  const ratios: { label: string; of: SystemName; to: SystemName }[] = [];
  if (systems.includes("trustgate") && systems.includes("trustgate-baseline")) ratios.push({ label: "TG/baseline", of: "trustgate", to: "trustgate-baseline" });
  if (systems.includes("trustgate") && systems.includes("peer")) ratios.push({ label: "TG/peer", of: "trustgate", to: "peer" });
  if (systems.includes("trustgate") && systems.includes("floor")) ratios.push({ label: "TG/floor", of: "trustgate", to: "floor" });
  if (systems.includes("trustgate-workers") && systems.includes("peer")) ratios.push({ label: "TGw/peer", of: "trustgate-workers", to: "peer" });
  if (systems.includes("trustgate") && systems.includes("trustgate-next")) ratios.push({ label: "TG/TG-next", of: "trustgate", to: "trustgate-next" });
  if (systems.includes("trustgate-next") && systems.includes("peer")) ratios.push({ label: "TG-next/peer", of: "trustgate-next", to: "peer" });

  const targets = [...new Set(report.results.map((r) => r.target))];
  const connections = [...new Set(report.results.map((r) => r.connections))].sort((a, b) => a - b);
  const header = ["target", "conns", ...systems.map((s) => `${SYSTEM_LABELS[s]} req/s | p50 ms | p99 ms | err`), ...ratios.map((r) => r.label)];
  const columns = 2 + systems.length * 4 + ratios.length;
  const lines = [`| ${header.join(" | ")} |`, `| --- | ${Array.from({ length: columns - 1 }, () => "---:").join(" | ")} |`];
  for (const target of targets) {
    for (const c of connections) {
      if (!systems.some((s) => find(s, target, c))) continue;
      const cells = systems.map((s) => cell(find(s, target, c)));
      const ratioCells = ratios.map((r) => ratio(find(r.of, target, c), find(r.to, target, c)));
      lines.push(`| ${target} | ${c} | ${[...cells, ...ratioCells].join(" | ")} |`);
    }
  }
  // CPU per request: steadier than req/s on a shared machine (it does not count waiting for a core).
  const cpuRows = report.results.filter((r) => !r.signIn && r.cpuUsPerRequest != null);
  const cpu: string[] = [];
  if (cpuRows.length) {
    const cpuOf = (system: SystemName, target: TargetName, c: number) => find(system, target, c)?.cpuUsPerRequest ?? null;
    const cpuRatios = ratios.filter((r) => r.of.startsWith("trustgate"));
    cpu.push(
      "Server CPU µs per request (user + system of the server's processes over the measured window, PostgreSQL not included; ratio = the other's CPU ÷ this one's, above 1× = cheaper):",
      "",
      `| target | conns | ${systems.map((s) => SYSTEM_LABELS[s]).join(" | ")} | ${cpuRatios.map((r) => `${r.label} (CPU)`).join(" | ")} |`,
      `| --- | ---: | ${[...systems, ...cpuRatios].map(() => "---:").join(" | ")} |`,
    );
    for (const target of targets) {
      for (const c of connections) {
        if (!systems.some((s) => cpuOf(s, target, c) !== null)) continue;
        const values = systems.map((s) => cpuOf(s, target, c));
        const ratioCells = cpuRatios.map((r) => {
          const of = cpuOf(r.of, target, c);
          const to = cpuOf(r.to, target, c);
          return of && to ? `${fixed(to / of, 2)}×` : "—";
        });
        cpu.push(`| ${target} | ${c} | ${[...values.map((v) => (v === null ? "—" : Math.round(v).toString())), ...ratioCells].join(" | ")} |`);
      }
    }
    cpu.push("");
  }
  const memory = [
    "| system | startup to first healthy response | RSS when healthy | RSS after issuing tokens | tokens issued |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...report.systems.map((s) => `| ${s.label} | ${s.startupMs} ms | ${mib(s.startupRssBytes)} | ${mib(s.rssBytes)} | ${s.rssTokens} |`),
  ];
  const curves = report.systems.flatMap((s) => [
    ...(s.signInRssCurve ? [`- ${s.label}, RSS by first-time sign-ins: ${s.signInRssCurve.map((p) => `${p.signIns}: ${mib(p.rssBytes)}`).join(" · ")}`] : []),
    ...(s.tokenRssCurve && s.tokenRssCurve.length > 2 ? [`- ${s.label}, RSS by tokens issued: ${s.tokenRssCurve.map((p) => `${p.tokens}: ${mib(p.rssBytes)}`).join(" · ")}`] : []),
  ]);
  const signIns = report.results.filter((r) => r.signIn);
  const signInLines = signIns.length ? signInMarkdown(signIns) : [];
  const notes = report.results.filter((r) => r.stoppedEarly).map((r) => `- ${r.system} ${r.target} @ ${r.connections}: ${r.stoppedEarly}`);
  return [
    `Run ${report.timestamp} (commit ${report.commit ?? "unknown"}${report.config.trustgateCommit && report.config.trustgateCommit !== report.commit ? `; Trustgate measured at ${String(report.config.trustgateCommit)}` : ""}${report.config.baselineCommit ? `; baseline ${String(report.config.baselineCommit)}` : ""}), ${String(report.machine.cpus)} × ${String(report.machine.cpuModel)}, Node ${String(report.machine.node)}; ` +
      `${String(report.config.warmupSeconds)} s warm-up + ${String(report.config.durationSeconds)} s measured per cell; err = non-2xx + errors + timeouts.`,
    "",
    ...lines,
    "",
    ...cpu,
    ...memory,
    ...(curves.length ? ["", "Memory curves:", "", ...curves] : []),
    ...signInLines,
    ...(notes.length ? ["", "\\* stopped early:", ...notes] : []),
  ].join("\n");
}

const ms = (n: number) => (n >= 100 ? Math.round(n).toString() : fixed(n));

/** The hosted sign-in cells: one row per system, kind and user count; then p50/p99 of every step. */
function signInMarkdown(results: RunResult[]): string[] {
  const rows = [
    "",
    "Hosted sign-in (scripts/lib/bench-signin.ts): sign-ins/s, whole sign-in p50/p99, server CPU per sign-in (user+system of the server's process group over the window; PostgreSQL's own processes not included), HTTP requests per sign-in (token exchange included), resident memory before → after the window.",
    "",
    "| system | sign-in | users | sign-ins/s | p50 ms | p99 ms | CPU ms/sign-in | requests/sign-in | RSS before → after | err |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const s = r.signIn!;
    const cpu = s.cpuMsPerSignIn === null ? "n/a" : fixed(s.cpuMsPerSignIn);
    rows.push(
      `| ${SYSTEM_LABELS[r.system]} | ${s.kind === "first" ? "first-time" : "returning"} | ${s.users} | ${fixed(s.signInsPerSecond)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${cpu} | ${fixed(s.requestsPerSignIn)} | ${mib(s.rssBeforeBytes)} → ${mib(s.rssAfterBytes)} | ${s.errors} |`,
    );
  }
  rows.push("", "Per step, p50 / p99 ms (in the order a sign-in makes them):", "");
  for (const r of results) {
    const s = r.signIn!;
    rows.push(`- ${SYSTEM_LABELS[r.system]}, ${s.kind === "first" ? "first-time" : "returning"}, ${s.users} users: ${s.steps.map((step) => `${step.step} ${ms(step.p50Ms)} / ${ms(step.p99Ms)}`).join("; ")}`);
  }
  const failed = results.filter((r) => r.signIn!.firstErrors.length);
  if (failed.length) rows.push("", "First errors:", ...failed.flatMap((r) => r.signIn!.firstErrors.map((e) => `- ${r.system} ${r.target} @ ${r.connections}: ${e}`)));
  return rows;
}
