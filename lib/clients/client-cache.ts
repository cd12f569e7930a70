// Client rows for the hot partner paths, cached per process on PostgreSQL (docs/benchmarks.md).
// Every change to a client row — secret rotation, disabling, any edit, from any instance or tool —
// fires a trigger that NOTIFYs `trustgate_client_changed` with the client id (migration
// 20261124080000_performance); each instance LISTENs on its own connection (lib/db/listen.ts) and
// drops the entry.
// So a rotated secret stops working on every instance as soon as the rotation commits (the
// notification is sent at commit), not after a TTL. Safety rails:
// - nothing is cached unless the listener is connected; when it drops, the cache is emptied and
//   bypassed until it is back (a missed notification can never keep a stale entry);
// - a lookup stores its row only if no notification arrived while it read (epoch check), so a
//   read racing a change cannot put the old row back;
// - entries still expire after CLIENT_CACHE_TTL_S, and unknown ids are never cached.
// Only the server enables it (scripts/serve.ts sets TRUSTGATE_CLIENT_CACHE=on in PostgreSQL mode):
// tools, tests and the embedded database read the table every time.
import { CLIENT_CACHE_MAX_ENTRIES, CLIENT_CACHE_TTL_S } from "@/lib/config/limits";
import type { Client } from "@/lib/db/generated/client";
import { listen, type ChannelListener } from "@/lib/db/listen";
import { findClient } from "./find-client";

export const CLIENT_CHANGED_CHANNEL = "trustgate_client_changed";

interface CacheState {
  listener: ChannelListener | null;
  connecting: Promise<void> | null;
  ready: boolean;
  /** Bumped by every notification and by every loss of the listener. */
  epoch: number;
  entries: Map<string, { client: Client; storedAt: number }>;
}

const globalForCache = globalThis as unknown as { trustgateClientCache?: CacheState };

function state(): CacheState {
  return (globalForCache.trustgateClientCache ??= { listener: null, connecting: null, ready: false, epoch: 0, entries: new Map() });
}

export function clientCacheEnabled(): boolean {
  return process.env.TRUSTGATE_CLIENT_CACHE === "on" && process.env.TRUSTGATE_DB_MODE === "postgres" && Boolean(process.env.DATABASE_URL);
}

function forgetAll(s: CacheState): void {
  s.epoch++;
  s.entries.clear();
}

function connectListener(s: CacheState): Promise<void> {
  s.connecting ??= (async () => {
    try {
      s.listener = await listen(CLIENT_CHANGED_CHANNEL, {
        notification: (payload) => {
          s.epoch++;
          if (payload) s.entries.delete(payload);
          else s.entries.clear();
        },
        lost: () => {
          s.ready = false;
          s.listener = null;
          forgetAll(s);
        },
      });
      forgetAll(s);
      s.ready = true;
    } catch {
      // Not listening: the cache stays bypassed; the next lookup tries again.
    }
  })().finally(() => (s.connecting = null));
  return s.connecting;
}

/** The client row, from the cache when it is safe to, else from the database. */
export async function findClientCached(id: string): Promise<Client | null> {
  if (!clientCacheEnabled()) return findClient(id);
  const s = state();
  if (!s.ready) {
    // Read through while (re)connecting; never wait for the listener on a request.
    if (!s.connecting) void connectListener(s);
    return findClient(id);
  }
  const hit = s.entries.get(id);
  if (hit && Date.now() - hit.storedAt < CLIENT_CACHE_TTL_S * 1000) return hit.client;
  const epoch = s.epoch;
  const client = await findClient(id);
  if (client && s.ready && s.epoch === epoch) {
    if (s.entries.size >= CLIENT_CACHE_MAX_ENTRIES) s.entries.clear();
    s.entries.set(id, { client, storedAt: Date.now() });
  }
  return client;
}

/** True while the listener is connected and entries may be served (tests, health). */
export function clientCacheListening(): boolean {
  return globalForCache.trustgateClientCache?.ready ?? false;
}

/** Drops one entry (or all) in this process: writers call it so their own next read is fresh. */
export function forgetCachedClient(id?: string): void {
  const s = globalForCache.trustgateClientCache;
  if (!s) return;
  s.epoch++;
  if (id) s.entries.delete(id);
  else s.entries.clear();
}

/** Closes the listener (shutdown, tests). */
export async function closeClientCache(): Promise<void> {
  const s = globalForCache.trustgateClientCache;
  if (!s) return;
  const listener = s.listener;
  s.listener = null;
  s.ready = false;
  forgetAll(s);
  await listener?.close();
}
