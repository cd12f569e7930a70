// The migrations must produce exactly the Prisma schema: a forgotten migration fails here.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";

describe("schema and migrations", () => {
  it("agree (prisma migrate diff finds nothing to do)", () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: undefined },
    });
    // --exit-code: 0 = no difference, 2 = difference, 1 = error.
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  }, 150_000);
});
