// The per-process client cache (lib/clients/client-cache.ts) on PostgreSQL: a change to a client
// made anywhere — another instance, the CLI, raw SQL — reaches every instance by NOTIFY, so a
// rotated secret stops working once the change commits; without its listener the cache is not used.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCacheEnabled, clientCacheListening, closeClientCache, findClientCached } from "@/lib/clients/client-cache";
import { hashClientSecret } from "@/lib/clients/client-secret";
import type { CreatedClient } from "@/lib/clients/create-client";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { createTestClient } from "../support/fixtures";
import { postToken } from "../support/oauth-fixtures";
import { testDbKind } from "../support/test-database";

const onPostgres = testDbKind() === "postgres";
let other: pg.Client;

/** Another instance's connection. `quietly` changes the row with triggers off (no NOTIFY), as a lost notification would look. */
async function setSecret(client: CreatedClient, secret: string, quietly = false): Promise<void> {
  await other.query("BEGIN");
  if (quietly) await other.query("SET LOCAL session_replication_role = replica");
  await other.query("UPDATE clients SET secret_hash = $1 WHERE id = $2", [hashClientSecret(secret), client.client_id]);
  await other.query("COMMIT");
}

async function status(client: CreatedClient, secret = client.client_secret): Promise<number> {
  return (await postToken({ ...client, client_secret: secret }, { grant_type: "client_credentials" })).status;
}

describe("client cache", () => {
  it("is off on the embedded database and unless the server turns it on", () => {
    const saved = { cache: process.env.TRUSTGATE_CLIENT_CACHE, mode: process.env.TRUSTGATE_DB_MODE };
    process.env.TRUSTGATE_CLIENT_CACHE = "on";
    process.env.TRUSTGATE_DB_MODE = "embedded";
    expect(clientCacheEnabled()).toBe(false);
    process.env.TRUSTGATE_DB_MODE = "postgres";
    process.env.TRUSTGATE_CLIENT_CACHE = "";
    expect(clientCacheEnabled()).toBe(false);
    process.env.TRUSTGATE_CLIENT_CACHE = saved.cache;
    process.env.TRUSTGATE_DB_MODE = saved.mode;
  });
});

describe.runIf(onPostgres)("client cache on PostgreSQL", () => {
  beforeAll(async () => {
    process.env.TRUSTGATE_CLIENT_CACHE = "on";
    other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    await findClientCached("warm-up");
    // The listener connects in the background; lookups read through until it has.
    for (let i = 0; i < 500 && !clientCacheListening(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  });

  afterAll(async () => {
    delete process.env.TRUSTGATE_CLIENT_CACHE;
    await closeClientCache();
    await other?.end();
  });

  it("serves a cached row: a change that sends no notification is not seen", async () => {
    expect(clientCacheListening()).toBe(true);
    const partner = await createTestClient();
    expect(await status(partner)).toBe(200);
    await setSecret(partner, "tgs_changed-without-notification", true);
    expect(await status(partner)).toBe(200);
  });

  it("a secret changed by another instance stops working once the change commits (NOTIFY)", async () => {
    const partner = await createTestClient();
    expect(await status(partner)).toBe(200);
    await setSecret(partner, "tgs_rotated-elsewhere");
    await expect.poll(() => status(partner)).toBe(401);
    expect(await status(partner, "tgs_rotated-elsewhere")).toBe(200);
  });

  it("a secret rotated by this instance stops working before the rotation returns", async () => {
    const partner = await createTestClient();
    expect(await status(partner)).toBe(200);
    const { client_secret } = await rotateClientSecret(partner.client_id, { type: "cli" });
    expect(await status(partner)).toBe(401);
    expect(await status(partner, client_secret)).toBe(200);
  });

  it("without its listener the cache is emptied and bypassed until it is back", async () => {
    const partner = await createTestClient();
    expect(await status(partner)).toBe(200);
    await other.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`);
    await expect.poll(clientCacheListening).toBe(false);
    await setSecret(partner, "tgs_changed-while-deaf", true);
    expect(await status(partner)).toBe(401);
    expect(await status(partner, "tgs_changed-while-deaf")).toBe(200);
    await expect.poll(clientCacheListening).toBe(true);
  });
});
