// `trustgate backup --out FILE`: a consistent snapshot of the database, taken over the ordinary
// Postgres protocol — on the embedded database through the running server's socket (never by
// opening its data directory), on PostgreSQL from DATABASE_URL. One REPEATABLE READ, READ ONLY
// transaction sees every table at the same instant while the server keeps writing. On the embedded
// database that transaction holds PGlite's single backend, so requests queue behind it until the
// snapshot is written (a few hundred ms for a small database); PostgreSQL serves them meanwhile.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { createGzip } from "node:zlib";
import pg from "pg";
import { BACKUP_FORMAT, BACKUP_VERSION, END_PREFIX, TABLE_PREFIX, type BackupHeader } from "./format";

const FETCH_ROWS = 500;

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  migrations: number;
  secretIncluded: boolean;
}

/** Public tables and their columns, in a stable order. */
export async function listTables(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ table_name: string; columns: string[] }>(
    `SELECT c.table_name, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public'
      GROUP BY c.table_name ORDER BY c.table_name`,
  );
  return rows.map((row) => ({ name: row.table_name, columns: row.columns }));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function takeBackup(options: { url: string; out: string; source: "embedded" | "postgres"; secret: string | null }): Promise<BackupSummary> {
  const out = path.resolve(options.out);
  const partial = `${out}.partial-${process.pid}`;
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  const hash = createHash("sha256");
  const lines = new PassThrough();
  // Written with the owner's permissions only: it holds every secret hash and, maybe, the root secret.
  const written = pipeline(lines, createGzip(), fs.createWriteStream(partial, { mode: 0o600 }));
  const write = async (line: string) => {
    hash.update(line).update("\n");
    if (!lines.write(`${line}\n`)) await new Promise((resolve) => lines.once("drain", resolve));
  };
  const counts: Record<string, number> = {};
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await listTables(client);
    const migrations = await client.query<{ name: string; checksum: string }>(`SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: new Date().toISOString(),
      source: options.source,
      migrations: migrations.rows,
      tables,
      secret: options.secret,
    };
    await write(JSON.stringify(header));
    for (const table of tables) {
      await write(`${TABLE_PREFIX}${table.name}`);
      let count = 0;
      // A cursor keeps memory flat however large the table; simple protocol (no parameters).
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${quoteIdent(table.name)} t`);
      for (;;) {
        const batch = await client.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
        for (const { row } of batch.rows) await write(row);
        count += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query("CLOSE backup_rows");
      counts[table.name] = count;
    }
    await client.query("COMMIT");
    const digest = hash.digest("hex");
    lines.end(`${END_PREFIX}${JSON.stringify({ rows: counts, sha256: digest })}\n`);
    await written;
    fs.renameSync(partial, out);
    return {
      file: out,
      bytes: fs.statSync(out).size,
      tables: tables.length,
      rows: Object.values(counts).reduce((sum, n) => sum + n, 0),
      migrations: migrations.rows.length,
      secretIncluded: options.secret !== null,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    lines.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
