// npm start: build the production bundle when the sources changed since the last build, then serve.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "next.config.js", "package.json", "postcss.config.mjs", "prisma/schema.prisma"];

function newestMtime(target: string): number {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (!builtAt || Math.max(...SOURCES.map(newestMtime)) > builtAt || process.env.TRUSTGATE_REBUILD === "1") {
  console.log("Building Trustgate (next build)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// npm start is the demo: it listens on loopback unless HOST is set (e.g. HOST=0.0.0.0 in a container).
process.env.HOST ??= "127.0.0.1";
await import("./serve");
