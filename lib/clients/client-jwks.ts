// A private_key_jwt client's public keys: registered inline (`jwks`) or fetched from its
// `jwks_uri`. The fetch follows the customer-API rules (https in production, no redirects, 3 s,
// 64 KB) until issue 16's lib/outbound/ module takes over outbound calls. Fetched sets are cached
// per process (CLIENT_JWKS_CACHE_S) and refetched early, at most once a minute, when an assertion
// names a kid the cached set lacks (the client rotated its keys).
import { createLocalJWKSet, type JSONWebKeySet, type JWK } from "jose";
import { CLIENT_JWKS_CACHE_S, CLIENT_JWKS_MAX_BYTES, CLIENT_JWKS_MISS_REFETCH_S, CLIENT_JWKS_TIMEOUT_MS } from "@/lib/config/limits";
import type { Client } from "@/lib/db/generated/client";
import { webhookUrlProblem } from "@/lib/webhooks/url-policy";

type KeySource = Pick<Client, "id" | "jwks" | "jwksUri">;

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/** Why `value` is not a JWK Set of public signing keys, or null. */
export function jwksProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !Array.isArray((value as { keys?: unknown }).keys)) return "must be a JWK Set (an object with a keys array)";
  const keys = (value as { keys: unknown[] }).keys;
  if (keys.length === 0 || keys.length > 20) return "must hold 1 to 20 keys";
  for (const key of keys) {
    if (typeof key !== "object" || key === null) return "every key must be a JWK object";
    const jwk = key as JWK;
    if (!["RSA", "EC", "OKP"].includes(jwk.kty ?? "")) return "keys must be RSA, EC or OKP public keys";
    if (PRIVATE_MEMBERS.some((member) => member in jwk)) return "keys must be public keys (a private member was found)";
    if (jwk.use !== undefined && jwk.use !== "sig") return "keys must be signing keys (use: sig)";
  }
  return null;
}

/** Why `uri` cannot serve a client's JWK Set, or null (same rules as the other partner URLs). */
export function jwksUriProblem(uri: string): string | null {
  return webhookUrlProblem(uri);
}

interface Fetched {
  uri: string;
  jwks: JSONWebKeySet;
  fetchedAt: number;
}

const globalForJwks = globalThis as unknown as { trustgateClientJwks?: Map<string, Fetched> };

function cache(): Map<string, Fetched> {
  return (globalForJwks.trustgateClientJwks ??= new Map());
}

async function fetchJwks(uri: string): Promise<JSONWebKeySet> {
  const problem = jwksUriProblem(uri);
  if (problem) throw new Error(`jwks_uri ${problem}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CLIENT_JWKS_TIMEOUT_MS);
  try {
    const response = await fetch(uri, { headers: { Accept: "application/json" }, redirect: "manual", signal: controller.signal, cache: "no-store" });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`jwks_uri answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > CLIENT_JWKS_MAX_BYTES) throw new Error("jwks_uri document too large");
    const buffer = Buffer.from(await response.arrayBuffer());
    if (buffer.length > CLIENT_JWKS_MAX_BYTES) throw new Error("jwks_uri document too large");
    const value: unknown = JSON.parse(buffer.toString("utf8"));
    const invalid = jwksProblem(value);
    if (invalid) throw new Error(`jwks_uri document ${invalid}`);
    return value as JSONWebKeySet;
  } finally {
    clearTimeout(timer);
  }
}

/** The client's key set; `refresh` asks for a refetch (an unknown kid), rate-limited per client. */
export async function clientKeySet(client: KeySource, options: { refresh?: boolean } = {}): Promise<JSONWebKeySet | null> {
  if (client.jwks) return jwksProblem(client.jwks) ? null : (client.jwks as unknown as JSONWebKeySet);
  if (!client.jwksUri) return null;
  const now = Date.now();
  const cached = cache().get(client.id);
  const fresh = cached && cached.uri === client.jwksUri && now - cached.fetchedAt < CLIENT_JWKS_CACHE_S * 1000;
  const mayRefetch = !cached || now - cached.fetchedAt >= CLIENT_JWKS_MISS_REFETCH_S * 1000;
  if (fresh && !(options.refresh && mayRefetch)) return cached.jwks;
  const jwks = await fetchJwks(client.jwksUri);
  cache().set(client.id, { uri: client.jwksUri, jwks, fetchedAt: now });
  return jwks;
}

export function keyResolver(jwks: JSONWebKeySet) {
  return createLocalJWKSet(jwks);
}

/** Tests: forget fetched sets. */
export function forgetClientJwks(): void {
  cache().clear();
}
