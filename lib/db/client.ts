// The Prisma client, one per process (cached on globalThis: Next bundles lib/db separately for
// route handlers and server components). Always @prisma/adapter-pg: the embedded database is
// reached over its socket, so PGlite and PostgreSQL share one code path.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

const globalForDb = globalThis as unknown as { trustgatePrisma?: { url: string; client: PrismaClient } };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Trustgate with npm start (it opens the embedded database)");
  return url;
}

export function poolSize(): number {
  return Number(process.env.TRUSTGATE_DB_POOL_SIZE ?? (process.env.TRUSTGATE_DB_MODE === "embedded" ? 8 : 10));
}

export function db(): PrismaClient {
  const url = databaseUrl();
  const cached = globalForDb.trustgatePrisma;
  if (cached && cached.url === url) return cached.client;
  const adapter = new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 5_000 });
  const client = new PrismaClient({
    adapter,
    // One PGlite backend serialises transactions: give queued ones time rather than failing at 2 s.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
  if (cached) void cached.client.$disconnect().catch(() => {});
  globalForDb.trustgatePrisma = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.trustgatePrisma;
  globalForDb.trustgatePrisma = undefined;
  if (cached) await cached.client.$disconnect();
}

export type { PrismaClient } from "./generated/client";
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
