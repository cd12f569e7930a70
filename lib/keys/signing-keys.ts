// ES256 signing keys. The first start creates one; `trustgate keys rotate` adds a new active key
// and retires the old one, which stays in the JWKS for RETIRED_KEY_PUBLISHED_S so tokens it signed
// keep verifying. Private keys are encrypted at rest; instances cache keys briefly.
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from "jose";
import { randomToken } from "@/lib/crypto/random";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { RETIRED_KEY_PUBLISHED_S, SIGNING_KEY_CACHE_S, SIGNING_KEY_MISS_RELOAD_S } from "@/lib/config/limits";
import { db, type Tx } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";

export const SIGNING_ALG = "ES256";
// Serialises key creation across instances starting at once.
const KEY_LOCK = "7235453093102113131";

export interface PublicJwk extends JWK {
  kid: string;
  alg: string;
  use: string;
}

export interface ActiveSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

interface KeyCache {
  loadedAt: number;
  active: ActiveSigningKey | null;
  published: PublicJwk[];
}

// Imported public keys by kid: a kid's key material never changes, so imports never go stale.
const globalForKeys = globalThis as unknown as {
  trustgateKeys?: KeyCache;
  trustgateKeysLoading?: Promise<KeyCache>;
  trustgateVerificationKeys?: Map<string, CryptoKey>;
};

async function createKey(tx: Tx, actor: DomainEvent["actor"]): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomToken(12);
  const publicJwk: PublicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
  await tx.signingKey.create({
    data: { kid, alg: SIGNING_ALG, status: "active", publicJwk: publicJwk as object, privateKeyEnc: encryptSecret(JSON.stringify(privateJwk), "signing-key") },
  });
  await emit(tx, { type: "signing_key.created", actor, subjectId: kid });
  return kid;
}

/** Creates the first key if there is none. Idempotent and safe across concurrent instances. */
export async function ensureSigningKey(): Promise<string> {
  return db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
    const active = await tx.signingKey.findFirst({ where: { status: "active" }, orderBy: { createdAt: "desc" } });
    return active ? active.kid : createKey(tx, { type: "system" });
  });
}

/** New active key; the previous ones are retired (still published for verification). */
export async function rotateSigningKey(actor: DomainEvent["actor"]): Promise<{ kid: string; retired: string[] }> {
  const result = await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
    const previous = await tx.signingKey.findMany({ where: { status: "active" }, select: { kid: true } });
    await tx.signingKey.updateMany({ where: { status: "active" }, data: { status: "retired", retiredAt: new Date() } });
    for (const key of previous) await emit(tx, { type: "signing_key.retired", actor, subjectId: key.kid });
    const kid = await createKey(tx, actor);
    return { kid, retired: previous.map((key) => key.kid) };
  });
  globalForKeys.trustgateKeys = undefined;
  return result;
}

async function loadKeys(force = false): Promise<KeyCache> {
  const cached = globalForKeys.trustgateKeys;
  if (!force && cached && Date.now() - cached.loadedAt < SIGNING_KEY_CACHE_S * 1000) return cached;
  if (force) return readKeys();
  // One reload at a time: when the cache expires under load, every request in flight would
  // otherwise read the keys and decrypt and import the private key at once.
  globalForKeys.trustgateKeysLoading ??= readKeys().finally(() => (globalForKeys.trustgateKeysLoading = undefined));
  return globalForKeys.trustgateKeysLoading;
}

async function readKeys(): Promise<KeyCache> {
  const since = new Date(Date.now() - RETIRED_KEY_PUBLISHED_S * 1000);
  const rows = await db().signingKey.findMany({
    where: { OR: [{ status: "active" }, { status: "retired", retiredAt: { gt: since } }] },
    orderBy: { createdAt: "desc" },
  });
  const activeRow = rows.find((row) => row.status === "active");
  const active = activeRow
    ? { kid: activeRow.kid, privateKey: (await importJWK(JSON.parse(decryptSecret(activeRow.privateKeyEnc, "signing-key")) as JWK, SIGNING_ALG)) as CryptoKey }
    : null;
  const fresh: KeyCache = { loadedAt: Date.now(), active, published: rows.map((row) => row.publicJwk as unknown as PublicJwk) };
  // "No key yet" is never cached: a read that raced the first key's creation must not hide it.
  if (active) globalForKeys.trustgateKeys = fresh;
  return fresh;
}

/** Public keys for /.well-known/jwks.json: the active key first, then recently retired ones. */
export async function publishedJwks(): Promise<{ keys: PublicJwk[] }> {
  return { keys: (await loadKeys()).published };
}

/** The key new tokens are signed with. */
export async function activeSigningKey(): Promise<ActiveSigningKey> {
  const keys = await loadKeys();
  if (keys.active) return keys.active;
  await ensureSigningKey();
  const reloaded = await loadKeys(true);
  if (!reloaded.active) throw new Error("No active signing key");
  return reloaded.active;
}

/**
 * The public key that verifies tokens signed with `kid`, as long as that key is published.
 * An unknown kid re-reads the keys (another instance may have rotated), but not more often
 * than SIGNING_KEY_MISS_RELOAD_S so made-up kids cannot hammer the database.
 */
export async function verificationKey(kid: string): Promise<CryptoKey | null> {
  let keys = await loadKeys();
  let jwk = keys.published.find((key) => key.kid === kid);
  if (!jwk && Date.now() - keys.loadedAt > SIGNING_KEY_MISS_RELOAD_S * 1000) {
    keys = await loadKeys(true);
    jwk = keys.published.find((key) => key.kid === kid);
  }
  if (!jwk) return null;
  const imported = (globalForKeys.trustgateVerificationKeys ??= new Map());
  let key = imported.get(kid);
  if (!key) {
    key = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
    imported.set(kid, key);
  }
  return key;
}

/** Drops this process's cache (tests, rotation). */
export function forgetSigningKeys(): void {
  globalForKeys.trustgateKeys = undefined;
}
