// The floor plan of docs/architecture.md, as a test: data flows down, never up, and no file imports
// itself back through others. Run alone with
// `npx vitest run --config tests/vitest.config.ts --project unit tests/unit/import-direction.test.ts`.
import { describe, expect, it } from "vitest";
import { findCycles, folderOf, importsWhere, mutualFolderPairs, readImportGraph } from "@/tests/support/import-graph";

/** The ground floor: primitives every other floor may use; they import only each other. */
const groundFloor = ["lib/errors", "lib/db", "lib/config", "lib/crypto", "lib/validation", "lib/log", "lib/tracing"];
/** The edge: turns HTTP requests into calls and results into HTTP replies. */
const edge = ["lib/http", "lib/server"];

const graph = readImportGraph();
const inFolder = (file: string, folders: string[]) => folders.includes(folderOf(file));

describe("import direction (docs/architecture.md)", () => {
  it("prints the counts the closing note quotes", () => {
    const cycles = findCycles(graph);
    const upward = importsWhere(graph, (from, to) => !from.startsWith("app/") && to.startsWith("app/"));
    const pairs = mutualFolderPairs(graph);
    console.log(`import graph: ${graph.files.length} files, ${cycles.length} cycles (${cycles.flat().length} files), ${upward.length} imports of app/ from lib/ or components/, ${pairs.length} mutual folder pairs`);
    if (pairs.length) console.log(`mutual folder pairs:\n  ${pairs.join("\n  ")}`);
    expect(graph.files.length).toBeGreaterThan(100);
  });

  it("has no file-level import cycle in app/, components/ or lib/", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("never imports app/ from lib/ or components/", () => {
    expect(importsWhere(graph, (from, to) => !from.startsWith("app/") && to.startsWith("app/"))).toEqual([]);
  });

  it("keeps the ground floor (errors, db, config, crypto, validation, log, tracing) free of anything above it", () => {
    expect(importsWhere(graph, (from, to) => inFolder(from, groundFloor) && !inFolder(to, groundFloor))).toEqual([]);
  });

  it("lets only the edge (lib/http, lib/server) import lib/http inside lib/", () => {
    expect(importsWhere(graph, (from, to) => from.startsWith("lib/") && !inFolder(from, edge) && folderOf(to) === "lib/http")).toEqual([]);
  });

  it("keeps components/ free of server-only code (database, server actions)", () => {
    expect(importsWhere(graph, (from, to) => from.startsWith("components/") && (folderOf(to) === "lib/db" || to.endsWith("/actions.ts")))).toEqual([]);
  });
});
