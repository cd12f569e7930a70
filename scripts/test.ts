// npm test: lint, formatting check, production build, then every suite — unit and API on PGlite, the API suite again
// on PostgreSQL when TEST_DATABASE_URL is set, the security suite, end-to-end against the build in
// Chromium, and the fault tests (tests/faults) on a private PostgreSQL cluster they start and restart themselves.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tmp = path.join(root, ".tmp");
fs.mkdirSync(tmp, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  results?: string;
}

function vitest(name: string, projects: string[], env: Record<string, string | undefined> = {}): Step {
  const results = path.join(tmp, `results-${name.replace(/\W+/g, "-")}.json`);
  return {
    name,
    command: bin("vitest"),
    args: ["run", "--config", "tests/vitest.config.ts", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${results}`],
    env,
    results,
  };
}

const postgres = process.env.TEST_DATABASE_URL;
const steps: Step[] = [
  { name: "lint", command: bin("eslint"), args: ["."] },
  // Prettier (.prettierrc.json): the tree is formatted as `npm run format` leaves it.
  { name: "format", command: bin("prettier"), args: ["--check", "."] },
  { name: "build", command: process.execPath, args: [path.join(root, "node_modules/next/dist/bin/next"), "build"], env: { NODE_ENV: "production" } },
  vitest("unit + api (PGlite)", ["unit", "api"], { TRUSTGATE_TEST_DB: "pglite" }),
  ...(postgres ? [vitest("api (PostgreSQL)", ["api"], { TRUSTGATE_TEST_DB: "postgres" })] : []),
  // RFC 9700 / ASVS requirements, open redirects, CSRF, headers, rate limits, JWT confusion, fuzzing
  // (route handlers on PGlite, plus the production build for headers and CSRF).
  vitest("security", ["security"], { TRUSTGATE_TEST_DB: "pglite" }),
  vitest("e2e (Chromium, production build)", ["e2e", "e2e-shared"]),
  // The OpenID Foundation's conformance plans (docs/conformance.md): Basic OP and FAPI 2.0 Security Profile.
  vitest("conformance (Basic OP and FAPI 2.0 plans)", ["conformance", "conformance-fapi2"]),
  // Database restarts, receivers down, two instances: a private PostgreSQL cluster of its own.
  vitest("faults (private PostgreSQL, production build)", ["faults"]),
];
if (!postgres) console.log("TEST_DATABASE_URL is not set: the API suite runs on PGlite only (set it to also run on PostgreSQL).");

let passed = 0;
let failed = 0;
const failures: string[] = [];
const started = Date.now();
for (const step of steps) {
  const stepStarted = Date.now();
  console.log(`\n▶ ${step.name}`);
  if (step.results) fs.rmSync(step.results, { force: true });
  const result = spawnSync(step.command, step.args, { cwd: root, stdio: "inherit", env: { ...baseEnv, ...step.env } });
  const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
  if (step.results && fs.existsSync(step.results)) {
    const report = JSON.parse(fs.readFileSync(step.results, "utf8")) as { numPassedTests: number; numFailedTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  if (result.status !== 0) {
    failures.push(step.name);
    console.log(`✖ ${step.name} failed (${seconds} s)`);
    // Without a build the remaining suites cannot run meaningfully.
    if (step.name === "build" || step.name === "lint") break;
  } else {
    console.log(`✔ ${step.name} (${seconds} s)`);
  }
}
console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)} s${failures.length ? `; failed: ${failures.join(", ")}` : ""}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
