// First-load JS of App Router pages from a production build (Next.js 16 no longer prints it in the
// `next build` output): the root main files plus the scripts the layouts and the page load at once
// (entryJSFiles of the page's client reference manifest), raw and gzip bytes.
// Usage: node --import tsx scripts/first-load-js.ts [--next DIR] /login /login/code …
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const args = process.argv.slice(2);
const dirIndex = args.indexOf("--next");
const nextDir = path.resolve(dirIndex >= 0 ? args.splice(dirIndex, 2)[1]! : ".next");
const routes = args.length ? args : ["/login"];

const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
const globalManifest = globalThis as unknown as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };

for (const route of routes) {
  const name = `${route === "/" ? "" : route}/page`;
  const file = path.join(nextDir, "server", "app", `${name}_client-reference-manifest.js`);
  globalManifest.__RSC_MANIFEST = {};
  new Function(fs.readFileSync(file, "utf8"))();
  const manifest = globalManifest.__RSC_MANIFEST[name];
  if (!manifest) throw new Error(`no client reference manifest for ${route}`);
  const files = new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles).flat()]);
  let raw = 0;
  let gzip = 0;
  for (const chunk of files) {
    const bytes = fs.readFileSync(path.join(nextDir, chunk));
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`${route.padEnd(24)} ${files.size} files  ${(raw / 1024).toFixed(1)} KB raw  ${(gzip / 1024).toFixed(1)} KB gzip`);
}
