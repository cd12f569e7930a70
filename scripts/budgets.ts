// npm run budgets — Lighthouse (mobile profile, simulated throttling) on each hosted page against
// the production build, checked against the budgets: performance ≥ 95, accessibility = 100, best
// practices = 100. Writes bench/results/budgets-<time>.json and the "Hosted page budgets" section
// of docs/benchmarks.md (replacing only that section). Exit code 1 when a budget is missed.
//
// Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH), started by chrome-launcher with a
// remote-debugging port; playwright-core drives the sign-in through that same browser so each
// page is reached as a person reaches it (session cookie included), and Lighthouse then loads the
// page's URL in a new tab of the same browser (storage reset off, so the session stays).
// Options: --runs N (median of N Lighthouse runs per page, default 1), --no-write (print only),
// --from-json FILE[,FILE…] (re-render the docs section from saved bench/results/budgets-*.json, one
// run per mode for instance),
// --tour NAME (only the tours whose name contains NAME; implies --no-write),
// --modes light,dark,es,ar (default light): each mode is a fresh browser — dark starts Chromium with
// prefers-color-scheme dark, es / ar send Accept-Language and ui_locales (ar is right to left) —
// and its pages are reported as "name · mode"; every page is checked to be in its mode (<html lang
// dir>, the colour scheme) before it is measured. --check-modes: only that check, no Lighthouse
// (a quick proof that the modes switch).
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { directionOf, type Locale } from "@/lib/i18n/locales";
import { CHROMIUM_ARGS } from "@/tests/support/browser";
import { brandTourPartner, HOSTED_PAGE_TOURS, type TourContext } from "@/tests/support/hosted-pages";
import { ROOT } from "@/tests/support/paths";
import { runCli, startServer } from "@/tests/support/server";

const BUDGET = { performance: 95, accessibility: 100, "best-practices": 100 } as const;

/** How each mode's browser is started and what its pages must show. */
const MODES = {
  light: { flags: [], locale: undefined, dark: false },
  dark: { flags: ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"], locale: undefined, dark: true },
  es: { flags: ["--lang=es-ES", "--accept-lang=es-ES,es"], locale: "es", dark: false },
  ar: { flags: ["--lang=ar", "--accept-lang=ar"], locale: "ar", dark: false },
} as const satisfies Record<string, { flags: readonly string[]; locale: Locale | undefined; dark: boolean }>;
type Mode = keyof typeof MODES;
type Category = keyof typeof BUDGET;
const CATEGORIES = Object.keys(BUDGET) as Category[];
const SECTION = "## Hosted page budgets";

interface PageResult {
  name: string;
  path: string;
  scores: Record<Category, number>;
  runs: Record<Category, number>[];
  firstLoadJs: { scripts: number; transferBytes: number; resourceBytes: number };
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number; speedIndexMs: number };
  /** Lighthouse's CPU benchmark of this machine at the time (higher is faster; ~1000+ is a desktop). */
  benchmarkIndex: number;
  /** Audits that cost points in accessibility or best practices (empty when at 100). */
  failingAudits: { category: Category; id: string; title: string }[];
  withinBudget: boolean;
}

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

function failingAudits(lhr: Lhr): PageResult["failingAudits"] {
  const out: PageResult["failingAudits"] = [];
  for (const category of ["accessibility", "best-practices", "performance"] as Category[]) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1 && (category !== "performance" || audit.score < 0.9)) out.push({ category, id: ref.id, title: audit.title });
    }
  }
  return out;
}

function scriptBytes(lhr: Lhr): PageResult["firstLoadJs"] {
  const details = lhr.audits["network-requests"]?.details as { items?: { resourceType?: string; transferSize?: number; resourceSize?: number }[] } | undefined;
  const scripts = (details?.items ?? []).filter((item) => item.resourceType === "Script");
  return {
    scripts: scripts.length,
    transferBytes: scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    resourceBytes: scripts.reduce((sum, item) => sum + (item.resourceSize ?? 0), 0),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function markdown(results: PageResult[], skipped: string[], conditions: Record<string, string | number>): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | \`${r.path}\` | ${r.scores.performance} (${r.runs.map((run) => run.performance).join(" · ")}) | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.firstLoadJs.scripts} · ${kb(r.firstLoadJs.transferBytes)} (${kb(r.firstLoadJs.resourceBytes)}) | ${(r.metrics.lcpMs / 1000).toFixed(2)} s | ${r.metrics.tbtMs.toFixed(0)} ms | ${r.metrics.cls.toFixed(3)} | ${r.benchmarkIndex} | ${r.withinBudget ? "✔" : "✖"} |`,
  );
  const misses = results.flatMap((r) => r.failingAudits.map((a) => `- ${r.name}: ${a.category} — \`${a.id}\` (${a.title})`));
  return [
    SECTION,
    "",
    `Budgets: performance ≥ ${BUDGET.performance}, accessibility = ${BUDGET.accessibility}, best practices = ${BUDGET["best-practices"]} (Lighthouse, mobile profile).`,
    "Produced by `npm run budgets` (scripts/budgets.ts) against the production build; JSON in `bench/results/`.",
    "Each page is reached, for a partner with its branding (logo, accent colour, privacy policy and terms links), through the real flow (authorize URL → phone → SMS code → consent; a pending UserIntent → consent with its review notice; a rejected UserIntent → the terminal status page; an unknown client → the error page; a `retry` or `document` UserIntent → the verification forms; a signed-in user → /account/security; a device that added its passkey (CDP virtual authenticator) → /account/devices, a risk action's challenge, /account/approve; a user without a trusted device → the challenge's SMS step; a new admin → the admin sign-in), then measured by Lighthouse in the same browser.",
    "",
    "| Page | URL | Performance: median (each run) | Accessibility | Best practices | First-load JS: scripts · transferred (uncompressed) | LCP | TBT | CLS | CPU benchmark index | Budget |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ...(skipped.length ? ["Not measured:", "", ...skipped.map((line) => `- ${line}`), ""] : []),
    "Conditions of this run:",
    "",
    ...Object.entries(conditions).map(([key, value]) => `- ${key}: ${value}`),
    "",
    ...(misses.length ? ["Audits that cost points (accessibility and best practices below 1, performance below 0.9), last run:", "", ...misses, ""] : ["No audit cost points.", ""]),
    "Scores are medians over the runs above. Performance uses Lighthouse's simulated throttling (Moto G Power–class CPU ×4 slowdown, slow 4G), computed from a trace taken on this machine: CPU contention from other processes during the run inflates main-thread task times and so lowers performance scores; accessibility and best-practices scores do not depend on load.",
    "",
  ].join("\n");
}

function writeSection(section: string): string {
  const file = path.join(ROOT, "docs", "benchmarks.md");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const start = current.indexOf(SECTION);
  let next: string;
  if (start < 0) {
    next = current ? `${current.trimEnd()}\n\n${section}` : section;
  } else {
    const after = current.indexOf("\n## ", start + SECTION.length);
    next = current.slice(0, start) + section + (after >= 0 ? `\n${current.slice(after + 1)}` : "");
  }
  fs.writeFileSync(file, next);
  return file;
}

async function main(): Promise<void> {
  const saved = arg("--from-json");
  if (saved) {
    // Several files (comma-separated, e.g. one run per mode): their pages in order, each run's conditions.
    const reports = saved.split(",").map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as { pages: PageResult[]; skipped?: string[]; conditions: Record<string, string | number> });
    const conditions = reports.length === 1 ? reports[0]!.conditions : Object.fromEntries(Object.keys(reports[0]!.conditions).map((key) => [key, [...new Set(reports.map((r) => String(r.conditions[key])))].join(" · ")]));
    const section = markdown(
      reports.flatMap((r) => r.pages),
      reports.flatMap((r) => r.skipped ?? []),
      conditions,
    );
    console.log(`Wrote the "Hosted page budgets" section of ${path.relative(ROOT, writeSection(section))}`);
    return;
  }
  const runs = Number(arg("--runs") ?? 1);
  const only = arg("--tour");
  const modes = (arg("--modes") ?? "light").split(",") as Mode[];
  for (const mode of modes) if (!(mode in MODES)) throw new Error(`--modes: unknown mode "${mode}" (light, dark, es, ar)`);
  const checkOnly = process.argv.includes("--check-modes");
  const write = !process.argv.includes("--no-write") && !only && !checkOnly;
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first");
  const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const loadBefore = os.loadavg();
  const started = new Date();

  // Every tour signs someone in by SMS (~10 codes a mode, 40 in four modes): more than one address may
  // ask for in an hour (30). Each tour is a different person at a different address (a
  // documentation-range X-Forwarded-For, read because this server trusts its proxy), as in the axe e2e test.
  // A loaded machine may take longer than startServer's 90 s to get ready: try up to three times.
  const server = await (async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startServer({ env: { TRUSTGATE_TRUST_PROXY: "true" } });
      } catch (error) {
        if (attempt === 3) throw error;
        console.log("  (the server was not ready in time — starting it again)");
      }
    }
  })();
  let person = 0;
  const results: PageResult[] = [];
  const skipped: string[] = [];
  const redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  if (created.code !== 0) throw new Error(`client create failed: ${created.stderr}`);
  // Measured as a partner's users see them: with its logo, accent colour and policy links.
  await brandTourPartner({ partner: JSON.parse(created.stdout), dataDir: server.dataDir });
  try {
    for (const mode of modes) {
      const settings = MODES[mode];
      const chrome = await launch({ chromePath, chromeFlags: [...CHROMIUM_ARGS.filter((flag) => flag !== "--headless"), "--headless=new", ...settings.flags], logLevel: "silent" });
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      try {
        const ctx: TourContext = {
          baseUrl: server.url,
          partner: JSON.parse(created.stdout),
          redirectUri,
          dataDir: server.dataDir,
          locale: settings.locale,
          contextOptions: { colorScheme: settings.dark ? "dark" : "light", ...(settings.locale ? { locale: settings.locale } : {}) },
        };
        const suffix = mode === "light" ? "" : ` · ${mode}`;
        // Lighthouse opens its tabs in the default context: tour there so they share the session.
        const context = browser.contexts()[0]!;
        const measured = new Set<string>();
        for (const tour of HOSTED_PAGE_TOURS.filter((t) => !only || t.name.includes(only))) {
          // A tour that fails on a loaded machine (a CLI call past its minute, a trace not recorded)
          // is run once more; the stops it already measured are not measured again.
          for (let attempt = 1; ; attempt += 1) {
            const opened = new Set(context.pages());
            try {
              await context.clearCookies();
              const page = await context.newPage();
              person += 1;
              await page.setExtraHTTPHeaders({ "X-Forwarded-For": `198.51.100.${person % 250}` });
              // Playwright emulates a light colour scheme on the pages it opens: let the mode's browser flags decide, as in Lighthouse's tabs.
              await page.emulateMedia({ colorScheme: null });
              const cdp = await context.newCDPSession(page);
              await tour.run(page, ctx, async (tourStop, current) => {
                const stop = { ...tourStop, name: `${tourStop.name}${suffix}` };
                if (measured.has(stop.name)) return;
                measured.add(stop.name);
                // The page is in its mode (the admin dashboard stays English, left to right).
                const shown = await current.evaluate(() => ({
                  lang: document.documentElement.lang,
                  dir: document.documentElement.dir,
                  dark: matchMedia("(prefers-color-scheme: dark)").matches,
                  admin: location.pathname.startsWith("/admin"),
                }));
                const expected = { lang: shown.admin ? shown.lang : (settings.locale ?? "en"), dir: shown.admin ? shown.dir : directionOf(settings.locale ?? "en"), dark: settings.dark };
                if (shown.lang !== expected.lang || shown.dir !== expected.dir || shown.dark !== expected.dark) throw new Error(`${stop.name}: not in mode ${mode}: ${JSON.stringify(shown)}`);
                if (checkOnly) {
                  console.log(`✔ ${stop.name.padEnd(24)} lang=${shown.lang} dir=${shown.dir} dark=${shown.dark}`);
                  return;
                }
                if (stop.errorStatus) {
                  skipped.push(`${stop.name} (\`${stop.path}\`, HTTP ${stop.errorStatus}): Lighthouse does not audit error responses; the axe-core e2e test covers it`);
                  console.log(`- ${stop.name.padEnd(8)} not measured (HTTP ${stop.errorStatus})`);
                  return;
                }
                if (stop.state) {
                  skipped.push(`${stop.name} (\`${stop.path}\`): ${stop.state} — a state reached by interaction, which loading the URL does not show; the axe-core e2e test covers it`);
                  console.log(`- ${stop.name.padEnd(8)} not measured (a state reached by interaction)`);
                  return;
                }
                const lhrs: Lhr[] = [];
                for (let i = 0; i < runs; i += 1) {
                  // A first visit: nothing cached from the tour that reached the page (cookies stay).
                  await cdp.send("Network.clearBrowserCache");
                  // Trace recording fails now and then on a busy machine (NO_NAVSTART): try again, twice.
                  for (let attempt = 1; ; attempt += 1) {
                    const result = await lighthouse(current.url(), { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES, disableStorageReset: true });
                    const problem = !result ? "no result" : result.lhr.runtimeError?.message;
                    if (!problem) {
                      lhrs.push(result!.lhr);
                      break;
                    }
                    if (attempt === 3) throw new Error(`Lighthouse on ${stop.name}: ${problem}`);
                    console.log(`  (${stop.name}: ${problem.slice(0, 80)} — running again)`);
                    await cdp.send("Network.clearBrowserCache");
                  }
                }
                const perRun = lhrs.map((lhr) => Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>);
                const scores = Object.fromEntries(CATEGORIES.map((c) => [c, median(perRun.map((run) => run[c]))])) as Record<Category, number>;
                const numeric = (id: string) => median(lhrs.map((lhr) => lhr.audits[id]?.numericValue ?? 0));
                const last = lhrs.at(-1)!;
                const entry: PageResult = {
                  name: stop.name,
                  path: stop.path,
                  scores,
                  runs: perRun,
                  firstLoadJs: scriptBytes(last),
                  metrics: {
                    fcpMs: numeric("first-contentful-paint"),
                    lcpMs: numeric("largest-contentful-paint"),
                    tbtMs: numeric("total-blocking-time"),
                    cls: numeric("cumulative-layout-shift"),
                    speedIndexMs: numeric("speed-index"),
                  },
                  failingAudits: failingAudits(last),
                  benchmarkIndex: Math.round(median(lhrs.map((lhr) => lhr.environment.benchmarkIndex))),
                  withinBudget: scores.performance >= BUDGET.performance && scores.accessibility >= BUDGET.accessibility && scores["best-practices"] >= BUDGET["best-practices"],
                };
                results.push(entry);
                console.log(
                  `${entry.withinBudget ? "✔" : "✖"} ${stop.name.padEnd(8)} perf ${scores.performance}  a11y ${scores.accessibility}  bp ${scores["best-practices"]}  JS ${entry.firstLoadJs.scripts} files ${kb(entry.firstLoadJs.transferBytes)}${entry.failingAudits.length ? `  (${entry.failingAudits.map((a) => a.id).join(", ")})` : ""}`,
                );
              });
              await page.close();
              break;
            } catch (error) {
              for (const other of context.pages()) if (!opened.has(other)) await other.close().catch(() => {});
              if (attempt === 2) throw error;
              console.log(`  (${tour.name} tour: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 100)} — running it again)`);
            }
          }
        }
      } finally {
        await browser.close().catch(() => {});
        chrome.kill();
      }
    }
  } finally {
    await server.stop();
  }
  if (checkOnly) return;

  const require = createRequire(import.meta.url);
  const lighthouseVersion = (require("lighthouse/package.json") as { version: string }).version;
  const browserVersion = await (async () => {
    try {
      const { execFileSync } = await import("node:child_process");
      return execFileSync(chromePath, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return chromePath;
    }
  })();
  const loadAfter = os.loadavg();
  const conditions = {
    date: started.toISOString().replace(/\.\d+Z$/, "Z"),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, shared with other workloads`,
    "load average (1 min) before → after": `${loadBefore[0]!.toFixed(2)} → ${loadAfter[0]!.toFixed(2)}`,
    lighthouse: `${lighthouseVersion}, mobile form factor, simulated throttling (default config)`,
    browser: `${browserVersion}, headless`,
    server: "production build (`next build`), embedded database, one process",
    "runs per page": runs,
    modes: modes.join(", "),
  };
  const report = { budget: BUDGET, conditions, pages: results, skipped };
  if (write) {
    const dir = path.join(ROOT, "bench", "results");
    fs.mkdirSync(dir, { recursive: true });
    const jsonFile = path.join(dir, `budgets-${conditions.date.replace(/[:]/g, "-")}.json`);
    fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    const doc = writeSection(markdown(results, skipped, conditions));
    console.log(`\nWrote ${path.relative(ROOT, jsonFile)} and the "Hosted page budgets" section of ${path.relative(ROOT, doc)}`);
  } else {
    console.log(markdown(results, skipped, conditions));
  }
  const missed = results.filter((r) => !r.withinBudget);
  if (missed.length) {
    console.log(`\nOver budget: ${missed.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
