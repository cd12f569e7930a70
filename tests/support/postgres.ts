// Fresh PostgreSQL databases for tests (and the benchmark), created next to an admin URL —
// TEST_DATABASE_URL by default — and dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

export function postgresAdminUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

export async function createPostgresDatabase(prefix = "tg_test", adminUrl = postgresAdminUrl()): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
