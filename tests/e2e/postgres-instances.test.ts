// Horizontal scale: several instances starting at once on one fresh PostgreSQL database.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrate";
import { createPostgresDatabase, postgresAdminUrl } from "../support/postgres";
import { spawnServer, startServer, freePort, waitForExit, type RunningServer } from "../support/server";

const SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe.runIf(postgresAdminUrl())("several instances on one PostgreSQL", () => {
  it("start at once: migrations and the first signing key happen exactly once", async () => {
    const database = await createPostgresDatabase("tg_e2e");
    cleanups.push(database.drop);
    const env = { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET };
    const servers: RunningServer[] = await Promise.all([startServer({ env }), startServer({ env }), startServer({ env })]);
    cleanups.push(async () => void (await Promise.all(servers.map((server) => server.stop()))));

    expect(await count(database.url, `SELECT count(*) AS n FROM "_prisma_migrations"`)).toBe(readMigrations().length);
    expect(await count(database.url, `SELECT count(DISTINCT migration_name) AS n FROM "_prisma_migrations"`)).toBe(readMigrations().length);
    // One active key per algorithm (ES256 for access tokens, RS256 beside it for ID tokens).
    expect(await count(database.url, `SELECT count(*) AS n FROM signing_keys WHERE status = 'active'`)).toBe(2);
    const keySets = await Promise.all(servers.map(async (server) => (await fetch(`${server.url}/.well-known/jwks.json`)).text()));
    expect(new Set(keySets).size).toBe(1);
    for (const server of servers) {
      expect(server.output()).not.toContain("Demo mode"); // demo data only on the embedded database
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }
  });

  it("refuses to start on PostgreSQL without TRUSTGATE_SECRET", async () => {
    const database = await createPostgresDatabase("tg_e2e");
    cleanups.push(database.drop);
    const child = spawnServer(await freePort(), "/nonexistent", { DATABASE_URL: database.url, TRUSTGATE_SECRET: "" });
    let output = "";
    child.stderr!.on("data", (chunk) => (output += chunk));
    expect(await waitForExit(child)).toBe(1);
    expect(output).toMatch(/TRUSTGATE_SECRET is required/);
  });
});
