import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { emptyDatabase, type TestDatabase } from "../support/test-database";

const opened: TestDatabase[] = [];

async function fresh(): Promise<TestDatabase> {
  const database = await emptyDatabase();
  opened.push(database);
  return database;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close().catch(() => {})));
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsFixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrator", () => {
  it("applies every migration once and records it like Prisma Migrate", async () => {
    const database = await fresh();
    const migrations = readMigrations();
    const first = await migrate(database.url);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; started_at: Date; applied_steps_count: number; rolled_back_at: Date | null }>(
      database.url,
      `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const again = await migrate(database.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(migrations.map((m) => m.name));
    expect(await query(database.url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(migrations.length);
  });

  it("is safe when several instances migrate at once", async () => {
    const database = await fresh();
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(database.url)));
    const appliedCounts = results.map((result) => result.applied.length);
    expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(readMigrations().length);
    const rows = await query<{ n: string }>(database.url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(Number(rows[0]!.n)).toBe(readMigrations().length);
  });

  it("rolls a failing migration back completely and keeps the earlier ones", async () => {
    const database = await fresh();
    const dir = migrationsFixture({
      "001_good": `CREATE TABLE good (id int primary key);`,
      "002_bad": `CREATE TABLE half (id int); INSERT INTO no_such_table VALUES (1);`,
      "003_later": `CREATE TABLE later (id int);`,
    });
    await expect(migrate(database.url, readMigrations(dir))).rejects.toThrow(/002_bad failed and was rolled back/);
    const tables = await query<{ table_name: string }>(database.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "good"]);
    const recorded = await query<{ migration_name: string }>(database.url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["001_good"]);
  });

  it("reports applied migrations whose file changed", async () => {
    const database = await fresh();
    const dir = migrationsFixture({ "001_a": `CREATE TABLE a (id int);` });
    await migrate(database.url, readMigrations(dir));
    fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), `CREATE TABLE a (id bigint);`);
    const result = await migrate(database.url, readMigrations(dir));
    expect(result.modified).toEqual(["001_a"]);
    expect(result.applied).toEqual([]);
  });
});
