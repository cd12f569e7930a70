// The Prisma client and its pg pool, one per process (cached on globalThis: Next bundles lib/db
// separately for route handlers and server components). Always @prisma/adapter-pg: the embedded
// database is reached over its socket, so PGlite and PostgreSQL share one code path.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { inSpan, tracing } from "@/lib/tracing/tracer";
import { PrismaClient } from "./generated/client";

const globalForDb = globalThis as unknown as { trustgatePrisma?: { url: string; client: PrismaClient; pool: pg.Pool } };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Trustgate with npm start (it opens the embedded database)");
  return url;
}

export function poolSize(): number {
  return Number(process.env.TRUSTGATE_DB_POOL_SIZE ?? (process.env.TRUSTGATE_DB_MODE === "embedded" ? 8 : 10));
}

function connection(): { client: PrismaClient; pool: pg.Pool } {
  const url = databaseUrl();
  const cached = globalForDb.trustgatePrisma;
  if (cached && cached.url === url) return cached;
  const pool = new pg.Pool({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 5_000 });
  // An idle connection that dies (database restart) must not crash the process.
  pool.on("error", () => {});
  const adapter = new PrismaPg(pool);
  const client = new PrismaClient({
    adapter,
    // One PGlite backend serialises transactions: give queued ones time rather than failing at 2 s.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
  if (cached) void closeConnection(cached);
  globalForDb.trustgatePrisma = { url, client, pool };
  return globalForDb.trustgatePrisma;
}

async function closeConnection(connection: { client: PrismaClient; pool: pg.Pool }): Promise<void> {
  await connection.client.$disconnect().catch(() => {});
  await connection.pool.end().catch(() => {});
}

export function db(): PrismaClient {
  return connection().client;
}

/**
 * Plain SQL on the same pool, for the few hot machine-to-machine paths (token grants, token
 * checks) where Prisma's per-query cost (≈1.5 ms here against ≈0.13 ms) dominates. Unnamed
 * statements only: the embedded database shares one backend session between connections, so
 * named prepared statements of two connections would collide.
 */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  if (!tracing()) return (await connection().pool.query<T>(text, values)).rows;
  // The statement text only (parameters are never recorded: they hold token hashes and phones).
  return inSpan("db.query", { "db.system": "postgresql", "db.query.text": text.replace(/\s+/g, " ").slice(0, 500) }, async () => (await connection().pool.query<T>(text, values)).rows);
}

export type SqlQuery = <T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[]) => Promise<T[]>;

/**
 * A plain-SQL transaction on one pool connection (BEGIN … COMMIT; ROLLBACK when `work` throws),
 * for a hot path whose transaction Prisma would run as an interactive one (several ms of CPU).
 * Unnamed statements only, as sql(). On the embedded database the socket keeps the connection
 * that opened a transaction to itself until it ends.
 */
export async function sqlTransaction<R>(work: (query: SqlQuery) => Promise<R>): Promise<R> {
  const client = await connection().pool.connect();
  const query: SqlQuery = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) => (await client.query<T>(text, values)).rows;
  let result: R;
  try {
    await client.query("BEGIN");
    result = await work(query);
    await client.query("COMMIT");
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    const broken = await client.query("ROLLBACK").then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw error;
  }
  client.release();
  return result;
}

/** This process's pool, for metrics: connections open, idle, and queries waiting for one. Null before first use. */
export function poolStats(): { total: number; idle: number; waiting: number; max: number } | null {
  const pool = globalForDb.trustgatePrisma?.pool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize() } : null;
}

export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.trustgatePrisma;
  globalForDb.trustgatePrisma = undefined;
  if (cached) await closeConnection(cached);
}

export type { PrismaClient } from "./generated/client";
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
