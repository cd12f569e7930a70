// lib/db/batched-insert.ts against the real database: concurrent rows share statements, each
// caller learns its own row's fate, and a bad row fails alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db";
import { batchedInsert } from "@/lib/db/batched-insert";

const TABLE = `batch_insert_test_${process.pid}`;

beforeAll(async () => {
  // txid_current(): rows written by one statement share one transaction id.
  await sql(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, label text NOT NULL, at timestamptz, tx bigint NOT NULL DEFAULT txid_current())`, []);
});

afterAll(async () => {
  await sql(`DROP TABLE IF EXISTS ${TABLE}`, []);
});

describe("batched insert", () => {
  it("stores every row of 200 concurrent callers, in fewer statements than rows", async () => {
    const insert = batchedInsert(TABLE, ["id", "label", "at::timestamptz"]);
    const at = new Date("2026-11-24T10:00:00Z");
    await Promise.all(Array.from({ length: 200 }, (_, i) => insert([i, `row ${i}`, at])));
    const [stats] = await sql<{ rows: number; statements: number; labels: number; at: Date }>(
      `SELECT count(*)::int AS rows, count(DISTINCT tx)::int AS statements, count(DISTINCT label)::int AS labels, max(at) AS at FROM ${TABLE} WHERE id < 200`,
      [],
    );
    expect(stats).toMatchObject({ rows: 200, labels: 200 });
    expect(stats!.at.toISOString()).toBe(at.toISOString());
    // The first row goes alone; the rest queue behind it and go out together (≤ 64 per statement).
    expect(stats!.statements).toBeLessThan(20);
    expect(stats!.statements).toBeGreaterThanOrEqual(4);
  });

  it("a lone row is sent at once, not held for a batch", async () => {
    const insert = batchedInsert(TABLE, ["id", "label"]);
    await insert([1000, "alone"]);
    expect(await sql(`SELECT label FROM ${TABLE} WHERE id = 1000`, [])).toEqual([{ label: "alone" }]);
  });

  it("a row that breaks a constraint fails its own caller only; the others of its batch are stored", async () => {
    const insert = batchedInsert(TABLE, ["id", "label"]);
    const results = await Promise.allSettled([insert([2000, "first"]), insert([2001, "ok a"]), insert([2001, "duplicate of ok a"]), insert([2002, "ok b"]), insert([2003, null]), insert([2004, "ok c"])]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: "23505" });
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ code: "23502" });
    const rows = await sql<{ id: number; label: string }>(`SELECT id, label FROM ${TABLE} WHERE id BETWEEN 2000 AND 2004 ORDER BY id`, []);
    expect(rows).toEqual([
      { id: 2000, label: "first" },
      { id: 2001, label: "ok a" },
      { id: 2002, label: "ok b" },
      { id: 2004, label: "ok c" },
    ]);
  });

  it("refuses a row with the wrong number of values without sending anything", async () => {
    const insert = batchedInsert(TABLE, ["id", "label"]);
    await expect(insert([3000])).rejects.toThrow(/1 values for 2 columns/);
    expect(await sql(`SELECT id FROM ${TABLE} WHERE id = 3000`, [])).toEqual([]);
  });
});
