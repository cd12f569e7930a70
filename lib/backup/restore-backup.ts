// `trustgate restore --from FILE`: a backup (lib/backup/format.ts) into an EMPTY embedded data
// directory (or an empty PostgreSQL database). The file is verified end to end first (checksum,
// row counts), so a truncated backup changes nothing. Then: the secret it carries is written back
// (mode 0600), exactly the migrations the snapshot had are applied, every row is loaded in one
// transaction, and webhook deliveries that were in flight at snapshot time are due at once. Newer
// migrations of this build apply at the next start, as after any upgrade.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { acquireDataDirLock } from "@/lib/db/lock";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { BACKUP_FORMAT, BACKUP_VERSION, END_PREFIX, TABLE_PREFIX, type BackupHeader, type BackupTrailer } from "./format";
import { listTables } from "./take-backup";

const SECRET_FILE = "trustgate-secret";
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

export class RestoreRefused extends Error {}

export interface RestoreSummary {
  tables: number;
  rows: number;
  migrations: number;
  createdAt: string;
  /** True when the backup carried the embedded database's secret; else TRUSTGATE_SECRET must be the one it was taken with. */
  secretRestored: boolean;
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) yield line;
}

/** Reads the whole file once: header, and proof that nothing is missing or altered. */
async function verify(file: string): Promise<BackupHeader> {
  const hash = createHash("sha256");
  let header: BackupHeader | null = null;
  let table: string | null = null;
  const counts: Record<string, number> = {};
  let trailer: BackupTrailer | null = null;
  try {
    for await (const line of lines(file)) {
      if (trailer) throw new RestoreRefused("the backup has data after its end line");
      if (line.startsWith(END_PREFIX)) {
        try {
          trailer = JSON.parse(line.slice(END_PREFIX.length)) as BackupTrailer;
        } catch {
          throw new RestoreRefused(`${file} is incomplete (its end line is cut): the backup was cut short`);
        }
        continue;
      }
      hash.update(line).update("\n");
      if (!header) {
        header = JSON.parse(line) as BackupHeader;
        if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) throw new RestoreRefused(`not a ${BACKUP_FORMAT} version ${BACKUP_VERSION} file`);
      } else if (line.startsWith(TABLE_PREFIX)) {
        table = line.slice(TABLE_PREFIX.length);
        counts[table] = 0;
      } else if (table) {
        counts[table] = (counts[table] ?? 0) + 1;
      }
    }
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${file} is not a readable Trustgate backup: ${(error as Error).message}`);
  }
  if (!header || !trailer) throw new RestoreRefused(`${file} is incomplete (no end line): the backup was cut short`);
  if (trailer.sha256 !== hash.digest("hex")) throw new RestoreRefused(`${file} does not match its checksum: it was altered or damaged`);
  for (const [name, rows] of Object.entries(trailer.rows)) {
    if (counts[name] !== rows) throw new RestoreRefused(`${file}: table ${name} has ${counts[name] ?? 0} rows, the backup recorded ${rows}`);
  }
  return header;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables in an order where every foreign key points at a table loaded earlier (cycles: any order). */
async function loadOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, "");
  const parents = new Map<string, Set<string>>(tables.map((table) => [table, new Set()]));
  for (const { child, parent } of rows) if (unquote(child) !== unquote(parent)) parents.get(unquote(child))?.add(unquote(parent));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table) && [...parents.get(table)!].every((parent) => placed.has(parent) || !parents.has(parent)));
    const next = ready.length ? ready : tables.filter((table) => !placed.has(table)).slice(0, 1);
    for (const table of next) {
      placed.add(table);
      ordered.push(table);
    }
  }
  return ordered;
}

async function load(url: string, file: string, header: BackupHeader): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // As superuser (the embedded database), foreign keys are not checked row by row while loading;
    // otherwise the load order below keeps them satisfied.
    await client.query("SAVEPOINT replica");
    await client.query("SET LOCAL session_replication_role = replica").then(
      () => client.query("RELEASE SAVEPOINT replica"),
      () => client.query("ROLLBACK TO SAVEPOINT replica"),
    );
    const current = new Map((await listTables(client)).map((table) => [table.name, new Set(table.columns)]));
    const backedUp = new Map(header.tables.map((table) => [table.name, table.columns]));
    // The migrator recorded its own rows; every other table of the snapshot is loaded.
    const loadable = header.tables.map((table) => table.name).filter((name) => name !== "_prisma_migrations");
    const missing = loadable.filter((name) => !current.has(name));
    if (missing.length) throw new RestoreRefused(`the backup has tables this schema lacks: ${missing.join(", ")}`);
    const order = await loadOrder(client, loadable);
    const rank = new Map(order.map((name, i) => [name, i]));

    // Rows arrive grouped by table in the file's order; buffer per table, insert in dependency order.
    const spool = new Map<string, string[]>(order.map((name) => [name, []]));
    let table: string | null = null;
    let first = true;
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (line.startsWith(END_PREFIX)) break;
      if (line.startsWith(TABLE_PREFIX)) table = line.slice(TABLE_PREFIX.length);
      else if (table && rank.has(table)) spool.get(table)!.push(line);
    }
    let total = 0;
    for (const name of order) {
      const columns = backedUp
        .get(name)!
        .filter((column) => current.get(name)!.has(column))
        .map(quoteIdent)
        .join(", ");
      const rows = spool.get(name)!;
      for (let start = 0; start < rows.length;) {
        let end = start;
        let bytes = 0;
        while (end < rows.length && end - start < BATCH_ROWS && bytes < BATCH_BYTES) bytes += rows[end++]!.length;
        await client.query(`INSERT INTO ${quoteIdent(name)} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${quoteIdent(name)}, $1::json)`, [`[${rows.slice(start, end).join(",")}]`]);
        total += end - start;
        start = end;
      }
      spool.set(name, []);
    }
    // Deliveries in flight when the snapshot was taken: due now, not after their lease expires.
    if (current.has("webhook_deliveries")) {
      await client.query(`UPDATE webhook_deliveries SET lease_id = NULL, next_attempt_at = LEAST(next_attempt_at, now()) WHERE status = 'pending' AND lease_id IS NOT NULL`);
    }
    // Sequences (none today) continue after the restored values.
    const sequences = await client.query<{ seq: string; tbl: string; col: string }>(
      `SELECT s.oid::regclass::text AS seq, d.refobjid::regclass::text AS tbl, a.attname AS col
         FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S'`,
    );
    for (const { seq, tbl, col } of sequences.rows) {
      await client.query(`SELECT setval('${seq.replace(/'/g, "''")}', COALESCE((SELECT max(${quoteIdent(col)}) FROM ${tbl}), 1), (SELECT count(*) > 0 FROM ${tbl}))`);
    }
    await client.query("COMMIT");
    return total;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function checkMigrations(header: BackupHeader): ReturnType<typeof readMigrations> {
  const local = new Map(readMigrations().map((migration) => [migration.name, migration]));
  const unknown = header.migrations.filter((migration) => !local.has(migration.name)).map((migration) => migration.name);
  if (unknown.length) throw new RestoreRefused(`the backup was taken by a newer Trustgate (migrations ${unknown.join(", ")} are not in this build): restore it with that version`);
  return header.migrations.map((migration) => local.get(migration.name)!);
}

/** Restores into an embedded data directory that does not exist yet or is empty. */
export async function restoreIntoDataDir(file: string, dataDir: string): Promise<RestoreSummary> {
  const dir = path.resolve(dataDir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new RestoreRefused(`${dir} is not empty: restore only into a new or empty data directory (move the old one aside first)`);
  }
  const header = await verify(file);
  const migrations = checkMigrations(header);
  const lock = acquireDataDirLock(dir, "restore");
  let restored = false;
  try {
    if (header.secret) fs.writeFileSync(path.join(dir, SECRET_FILE), `${header.secret}\n`, { mode: 0o600, flag: "wx" });
    const embedded = await openEmbeddedDatabase(dir, { publish: false });
    try {
      await migrate(embedded.url, migrations);
      const rows = await load(embedded.url, file, header);
      restored = true;
      return { tables: header.tables.length, rows, migrations: migrations.length, createdAt: header.created_at, secretRestored: header.secret !== null };
    } finally {
      await embedded.close();
    }
  } finally {
    lock.release();
    // Half a restore is worse than none: leave the directory as empty as it was.
    if (!restored) for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/** Restores into a PostgreSQL database that has no tables yet. */
export async function restoreIntoPostgres(file: string, url: string): Promise<RestoreSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await listTables(client);
    if (tables.length) throw new RestoreRefused(`the database already has tables (${tables.length}): restore only into an empty database`);
  } finally {
    await client.end().catch(() => {});
  }
  const header = await verify(file);
  const migrations = checkMigrations(header);
  await migrate(url, migrations);
  const rows = await load(url, file, header);
  return { tables: header.tables.length, rows, migrations: migrations.length, createdAt: header.created_at, secretRestored: false };
}
