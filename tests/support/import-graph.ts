// The file-level import graph of app/, components/ and lib/, read with the TypeScript compiler's
// own import scanner (ts.preProcessFile: static imports, `export … from`, `import type` and dynamic
// `import()`). Specifiers resolve `@/` and relative paths; packages are left out.
// Used by tests/unit/import-direction.test.ts (docs/architecture.md explains the floors).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const root = path.resolve(import.meta.dirname, "../..");
const scanned = ["app", "components", "lib"];
const extensions = [".ts", ".tsx"];

export interface ImportGraph {
  files: string[];
  /** file → the project files it imports (paths relative to the root, "/"-separated). */
  edges: Map<string, Set<string>>;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "generated" || entry.name === "node_modules") continue;
      walk(root, full, out);
    } else if (extensions.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith(".d.ts")) {
      out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  }
}

function resolveSpecifier(from: string, specifier: string, known: Set<string>): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  const stripped = base.replace(/\.(js|ts|tsx)$/, "");
  for (const candidate of [base, ...extensions.map((ext) => stripped + ext), ...extensions.map((ext) => `${stripped}/index${ext}`)]) {
    if (known.has(candidate)) return candidate;
  }
  return null; // outside the scanned folders (generated client, scripts, JSON…)
}

export function readImportGraph(tree = root): ImportGraph {
  const files: string[] = [];
  for (const dir of scanned) walk(tree, path.join(tree, dir), files);
  files.sort();
  const known = new Set(files);
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(tree, file), "utf8"), true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      const target = resolveSpecifier(file, ref.fileName, known);
      if (target && target !== file) targets.add(target);
    }
    edges.set(file, targets);
  }
  return { files, edges };
}

/** Strongly connected components with more than one file (Tarjan): each is an import cycle. */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of graph.files) if (!indices.has(file)) connect(file);
  return cycles;
}

/** The folder a file belongs to for folder-level counts: lib/<capability>, app, components. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  return parts[0] === "lib" ? `lib/${parts[1]}` : parts[0]!;
}

/** The folder-level graph (lib/<capability>, app, components), for counting knots of folders. */
export function folderGraph(graph: ImportGraph): ImportGraph {
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of graph.edges) {
    const set = edges.get(folderOf(from)) ?? new Set<string>();
    for (const to of targets) if (folderOf(from) !== folderOf(to)) set.add(folderOf(to));
    edges.set(folderOf(from), set);
  }
  return { files: [...edges.keys()].sort(), edges };
}

export function mutualFolderPairs(graph: ImportGraph): string[] {
  const folderEdges = new Set<string>();
  for (const [from, targets] of graph.edges) {
    for (const to of targets) if (folderOf(from) !== folderOf(to)) folderEdges.add(`${folderOf(from)} -> ${folderOf(to)}`);
  }
  const pairs = new Set<string>();
  for (const edge of folderEdges) {
    const [a, b] = edge.split(" -> ") as [string, string];
    if (folderEdges.has(`${b} -> ${a}`)) pairs.add([a, b].sort().join(" <-> "));
  }
  return [...pairs].sort();
}

export function importsWhere(graph: ImportGraph, test: (from: string, to: string) => boolean): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph.edges) for (const to of targets) if (test(from, to)) found.push(`${from} -> ${to}`);
  return found.sort();
}
