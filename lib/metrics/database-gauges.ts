// Gauges read when Prometheus scrapes: the webhook outbox (shared by every instance, so aggregated
// across workers by max, not sum) and this process's database pool (summed across workers).
import client from "prom-client";
import { poolStats, sql } from "@/lib/db";

const OUTBOX_QUERY_TIMEOUT_MS = 1_000;

interface OutboxRow {
  pending: string;
  due: string;
  oldest_age_s: number | null;
}

/** One query for every outbox gauge; null when the database does not answer in time. */
async function outboxState(): Promise<OutboxRow | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const query = sql<OutboxRow>(
      `SELECT count(*)::text AS pending,
              count(*) FILTER (WHERE next_attempt_at <= now())::text AS due,
              EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest_age_s
         FROM webhook_deliveries WHERE status = 'pending'`,
      [],
    );
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), OUTBOX_QUERY_TIMEOUT_MS)));
    const rows = await Promise.race([query, timeout]);
    return rows?.[0] ?? null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export function collectDatabaseGauges(registry: client.Registry): void {
  // The outbox gauges share one query per scrape: the first gauge's collect runs it.
  let pending: Promise<OutboxRow | null> | null = null;
  const outbox = () => (pending ??= outboxState().finally(() => setTimeout(() => (pending = null), 0)));
  new client.Gauge({
    name: "trustgate_webhook_outbox_pending",
    help: "Webhook and callback deliveries not yet delivered or given up (the outbox depth)",
    registers: [registry],
    aggregator: "max",
    async collect() {
      const state = await outbox();
      if (state) this.set(Number(state.pending));
    },
  });
  new client.Gauge({
    name: "trustgate_webhook_outbox_due",
    help: "Pending deliveries whose next attempt is due now (a growing value means workers fall behind)",
    registers: [registry],
    aggregator: "max",
    async collect() {
      const state = await outbox();
      if (state) this.set(Number(state.due));
    },
  });
  new client.Gauge({
    name: "trustgate_webhook_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest pending delivery (0 when the outbox is empty)",
    registers: [registry],
    aggregator: "max",
    async collect() {
      const state = await outbox();
      if (state) this.set(state.oldest_age_s ?? 0);
    },
  });
  new client.Gauge({
    name: "trustgate_db_pool_connections",
    help: "Database connections of this process's pool, by state (in_use, idle)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const stats = poolStats();
      this.set({ state: "in_use" }, stats ? stats.total - stats.idle : 0);
      this.set({ state: "idle" }, stats?.idle ?? 0);
    },
  });
  new client.Gauge({
    name: "trustgate_db_pool_waiting",
    help: "Queries waiting for a free database connection",
    registers: [registry],
    collect() {
      this.set(poolStats()?.waiting ?? 0);
    },
  });
  new client.Gauge({
    name: "trustgate_db_pool_max",
    help: "The pool's size limit (TRUSTGATE_DB_POOL_SIZE)",
    registers: [registry],
    collect() {
      const stats = poolStats();
      if (stats) this.set(stats.max);
    },
  });
}
