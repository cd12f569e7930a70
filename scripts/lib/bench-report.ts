// What npm run bench reports: per database mode and target, throughput and latency, and each
// target's throughput as a share of the constant-JSON route (the framework's own ceiling).

export type DatabaseMode = "embedded" | "postgres";

export interface TargetResult {
  name: string;
  method: string;
  path: string;
  connections: number;
  requestsPerSecond: number;
  /** requestsPerSecond ÷ the ceiling route's, same mode and connections; null without a ceiling. */
  ratioToCeiling: number | null;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  requestsTotal: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /** Why the measured window ended before its configured duration (refresh tokens ran out). */
  stoppedEarly: string | null;
}

export interface ModeReport {
  database: DatabaseMode;
  startupMs: number;
  serverRssBytes: number | null;
  refreshTokensMinted: number;
  mintMs: number;
  results: TargetResult[];
}

/** Issue 3's aim for the grants on PostgreSQL. */
export const GOALS = { minRatioToCeiling: 0.7, maxP99Ms: 50 } as const;

const MODE_NAMES: Record<DatabaseMode, string> = { embedded: "PGlite (embedded)", postgres: "PostgreSQL" };

/** Fills in ratioToCeiling from the ceiling target's results of the same mode. */
export function withRatios(results: TargetResult[], ceilingName: string): TargetResult[] {
  return results.map((result) => {
    const ceiling = results.find((r) => r.name === ceilingName && r.connections === result.connections);
    return { ...result, ratioToCeiling: ceiling && ceiling.requestsPerSecond > 0 ? result.requestsPerSecond / ceiling.requestsPerSecond : null };
  });
}

function fixed(n: number, digits = 1): string {
  return n.toFixed(digits);
}

function percent(ratio: number | null): string {
  return ratio === null ? "n/a" : `${Math.round(ratio * 100)}%`;
}

function modeMarkdown(mode: ModeReport, ceilingName: string, goalTargets: readonly string[]): string {
  const rows = mode.results.map(
    (r) =>
      `| ${r.name} | ${r.method} ${r.path} | ${r.connections} | ${fixed(r.requestsPerSecond)} | ${r.name === ceilingName ? "ceiling" : percent(r.ratioToCeiling)} | ${fixed(r.latencyP50Ms, 2)} | ${fixed(r.latencyP99Ms, 2)} | ${r.non2xx} | ${r.errors} | ${r.timeouts} |`,
  );
  const goalLines = mode.results
    .filter((r) => goalTargets.includes(r.name))
    .map((r) => {
      const ratioOk = r.ratioToCeiling !== null && r.ratioToCeiling >= GOALS.minRatioToCeiling;
      const p99Ok = r.latencyP99Ms <= GOALS.maxP99Ms;
      return `- ${r.name} @ ${r.connections}: ${percent(r.ratioToCeiling)} of ceiling ${ratioOk ? "✓" : "✗"}, p99 ${fixed(r.latencyP99Ms, 2)} ms ${p99Ok ? "✓" : "✗"}`;
    });
  const notes = mode.results.filter((r) => r.stoppedEarly).map((r) => `- ${r.name} @ ${r.connections}: ${r.stoppedEarly}`);
  const rss = mode.serverRssBytes === null ? "n/a" : `${fixed(mode.serverRssBytes / 1024 / 1024)} MiB`;
  return [
    `### ${MODE_NAMES[mode.database]}`,
    "",
    `startup: ${mode.startupMs} ms · server RSS after run: ${rss} · ${mode.refreshTokensMinted} refresh tokens minted in ${mode.mintMs} ms`,
    "",
    "| target | endpoint | conns | req/s | vs ceiling | p50 ms | p99 ms | non-2xx | errors | timeouts |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    ...(goalLines.length ? ["", `Goal (≥${GOALS.minRatioToCeiling * 100}% of ceiling, p99 ≤ ${GOALS.maxP99Ms} ms; binding on PostgreSQL):`, ...goalLines] : []),
    ...(notes.length ? ["", "Stopped early:", ...notes] : []),
  ].join("\n");
}

export function markdown(modes: ModeReport[], ceilingName: string, goalTargets: readonly string[]): string {
  return modes.map((mode) => modeMarkdown(mode, ceilingName, goalTargets)).join("\n\n");
}
