// The origins browser clients may call Trustgate's token, userinfo and revocation endpoints from:
// the origins of the redirect URIs registered for PUBLIC clients (SPEC "Trust model": CORS for
// public clients' registered origins only). Confidential clients keep their secret on a server and
// never need CORS. Cached per process briefly; nothing is wildcarded.
import { CORS_ORIGINS_CACHE_S, CORS_ORIGINS_MISS_RELOAD_S } from "@/lib/config/limits";
import { sql } from "@/lib/db";

interface OriginCache {
  loadedAt: number;
  origins: Set<string>;
}

const globalForOrigins = globalThis as unknown as { trustgatePublicOrigins?: OriginCache; trustgatePublicOriginsLoading?: Promise<OriginCache> };

/** The web origin of a redirect URI, or null for custom schemes (native apps have no origin). */
export function webOrigin(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

async function readOrigins(): Promise<OriginCache> {
  const rows = await sql<{ redirect_uris: string[] | null }>(`SELECT redirect_uris FROM clients WHERE type = 'public' AND disabled_at IS NULL`, []);
  const origins = new Set<string>();
  for (const row of rows)
    for (const uri of row.redirect_uris ?? []) {
      const origin = webOrigin(uri);
      if (origin) origins.add(origin);
    }
  const fresh = { loadedAt: Date.now(), origins };
  globalForOrigins.trustgatePublicOrigins = fresh;
  return fresh;
}

function load(): Promise<OriginCache> {
  globalForOrigins.trustgatePublicOriginsLoading ??= readOrigins().finally(() => (globalForOrigins.trustgatePublicOriginsLoading = undefined));
  return globalForOrigins.trustgatePublicOriginsLoading;
}

/** Whether `origin` (an Origin header) is the origin of a registered redirect URI of an enabled public client. */
export async function isPublicClientOrigin(origin: string): Promise<boolean> {
  // "null" (sandboxed frames, file:, privacy redirects) is never a registered origin.
  if (origin === "null" || origin.length > 2000) return false;
  let cache = globalForOrigins.trustgatePublicOrigins;
  const age = cache ? Date.now() - cache.loadedAt : Infinity;
  if (!cache || age > CORS_ORIGINS_CACHE_S * 1000) cache = await load();
  else if (!cache.origins.has(origin) && age > CORS_ORIGINS_MISS_RELOAD_S * 1000) cache = await load();
  return cache.origins.has(origin);
}

/** Drops this process's cache (tests, client changes made here). */
export function forgetPublicClientOrigins(): void {
  globalForOrigins.trustgatePublicOrigins = undefined;
}
