// Signing keys: one active ES256 key (access tokens, and ID tokens of clients that chose ES256) and
// one active RS256 key (ID tokens: RS256 is the algorithm OpenID Connect Core §15.1 requires every
// provider to offer and the default of id_token_signed_response_alg). The first start creates both;
// `trustgate keys rotate` adds a new active key of each algorithm and retires the old ones, which
// stay in the JWKS for RETIRED_KEY_PUBLISHED_S so tokens they signed keep verifying. Private keys
// are encrypted at rest; instances cache keys briefly.
import { createHash } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from "jose";
import { randomToken } from "@/lib/crypto/random";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { RETIRED_KEY_PUBLISHED_S, SIGNING_KEY_CACHE_S, SIGNING_KEY_MISS_RELOAD_S } from "@/lib/config/limits";
import { db, type Tx } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";

/** Every algorithm Trustgate keeps a key for, in the order the JWKS lists the active keys. */
export const SIGNING_ALGS = ["ES256", "RS256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
/** Access tokens (RFC 9068) are always ES256: one algorithm for every resource server to accept. */
export const SIGNING_ALG: SigningAlg = "ES256";
/** RSA modulus: FAPI 2.0 §5.4 and NIST SP 800-57 ask for at least 2048 bits. */
const RSA_MODULUS_BITS = 2048;
// Serialises key creation across instances starting at once.
const KEY_LOCK = "7235453093102113131";

export interface PublicJwk extends JWK {
  kid: string;
  alg: string;
  use: string;
}

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
}

interface KeyCache {
  loadedAt: number;
  active: Partial<Record<SigningAlg, ActiveSigningKey>>;
  published: PublicJwk[];
  /** The JWKS document of `published`, serialised on first use (publishedJwksDocument). */
  document?: JwksDocument;
}

/** /.well-known/jwks.json as sent: the bytes and their strong validator (RFC 9110 §8.8.3). */
export interface JwksDocument {
  body: string;
  etag: string;
}

export function isSigningAlg(value: unknown): value is SigningAlg {
  return (SIGNING_ALGS as readonly unknown[]).includes(value);
}

// Imported public keys by kid: a kid's key material never changes, so imports never go stale.
const globalForKeys = globalThis as unknown as {
  trustgateKeys?: KeyCache;
  trustgateKeysLoading?: Promise<KeyCache>;
  trustgateVerificationKeys?: Map<string, CryptoKey>;
};

interface KeyMaterial {
  kid: string;
  alg: SigningAlg;
  publicJwk: PublicJwk;
  privateKeyEnc: string;
}

/** A new key pair, encrypted for storage. Made outside any transaction: RSA generation takes a while. */
async function newKeyMaterial(alg: SigningAlg): Promise<KeyMaterial> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: RSA_MODULUS_BITS } : {}) });
  const kid = randomToken(12);
  const publicJwk: PublicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  return { kid, alg, publicJwk, privateKeyEnc: encryptSecret(JSON.stringify(privateJwk), "signing-key") };
}

async function storeKey(tx: Tx, key: KeyMaterial, actor: DomainEvent["actor"]): Promise<string> {
  await tx.signingKey.create({ data: { kid: key.kid, alg: key.alg, status: "active", publicJwk: key.publicJwk as object, privateKeyEnc: key.privateKeyEnc } });
  await emit(tx, { type: "signing_key.created", actor, subjectId: key.kid, data: { alg: key.alg } });
  return key.kid;
}

async function activeKids(client: Pick<Tx, "signingKey">): Promise<Partial<Record<SigningAlg, string>>> {
  const active = await client.signingKey.findMany({ where: { status: "active" }, orderBy: { createdAt: "desc" }, select: { kid: true, alg: true } });
  const kids: Partial<Record<SigningAlg, string>> = {};
  for (const key of active) if (isSigningAlg(key.alg)) kids[key.alg] ??= key.kid;
  return kids;
}

/**
 * Creates the first key of each algorithm that has none (a database from before RS256 gets its RSA
 * key here). Idempotent and safe across concurrent instances. Returns the active kid per algorithm.
 */
export async function ensureSigningKeys(): Promise<Record<SigningAlg, string>> {
  const existing = await activeKids(db());
  const missing = SIGNING_ALGS.filter((alg) => !existing[alg]);
  if (!missing.length) return existing as Record<SigningAlg, string>;
  const made = await Promise.all(missing.map(newKeyMaterial));
  return db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
    // Another instance may have created some meanwhile: theirs stand, ours are dropped.
    const kids = await activeKids(tx);
    for (const key of made) kids[key.alg] ??= await storeKey(tx, key, { type: "system" });
    return kids as Record<SigningAlg, string>;
  });
}

/** The active ES256 kid, creating every missing key first. */
export async function ensureSigningKey(): Promise<string> {
  return (await ensureSigningKeys()).ES256;
}

/** A new active key of every algorithm; the previous ones are retired (still published for verification). */
export async function rotateSigningKey(actor: DomainEvent["actor"]): Promise<{ kid: string; kids: Record<SigningAlg, string>; retired: string[] }> {
  const made = await Promise.all(SIGNING_ALGS.map(newKeyMaterial));
  const result = await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
    const previous = await tx.signingKey.findMany({ where: { status: "active" }, orderBy: { createdAt: "asc" }, select: { kid: true } });
    await tx.signingKey.updateMany({ where: { status: "active" }, data: { status: "retired", retiredAt: new Date() } });
    for (const key of previous) await emit(tx, { type: "signing_key.retired", actor, subjectId: key.kid });
    const kids = {} as Record<SigningAlg, string>;
    for (const key of made) kids[key.alg] = await storeKey(tx, key, actor);
    return { kid: kids.ES256, kids, retired: previous.map((key) => key.kid) };
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
  const active: KeyCache["active"] = {};
  for (const alg of SIGNING_ALGS) {
    const row = rows.find((candidate) => candidate.status === "active" && candidate.alg === alg);
    if (!row) continue;
    const privateKey = (await importJWK(JSON.parse(decryptSecret(row.privateKeyEnc, "signing-key")) as JWK, alg)) as CryptoKey;
    active[alg] = { kid: row.kid, alg, privateKey };
  }
  // Active keys first (in SIGNING_ALGS order), then retired ones, newest first.
  const rank = (row: (typeof rows)[number]) => (row.status === "active" ? SIGNING_ALGS.indexOf(row.alg as SigningAlg) : SIGNING_ALGS.length);
  const published = [...rows].sort((a, b) => rank(a) - rank(b)).map((row) => row.publicJwk as unknown as PublicJwk);
  const fresh: KeyCache = { loadedAt: Date.now(), active, published };
  // "A key missing" is never cached: a read that raced a key's creation must not hide it.
  if (SIGNING_ALGS.every((alg) => active[alg])) globalForKeys.trustgateKeys = fresh;
  return fresh;
}

/** Public keys for /.well-known/jwks.json: the active key first, then recently retired ones. */
export async function publishedJwks(): Promise<{ keys: PublicJwk[] }> {
  return { keys: (await loadKeys()).published };
}

/**
 * The JWKS document, serialised once per loaded key set (not on every request), with an ETag that
 * is a hash of exactly those bytes: any change of the published keys changes it.
 */
export async function publishedJwksDocument(): Promise<JwksDocument> {
  const keys = await loadKeys();
  if (!keys.document) {
    const body = JSON.stringify({ keys: keys.published });
    keys.document = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"` };
  }
  return keys.document;
}

/** The key new tokens of this algorithm are signed with (ES256: access tokens). */
export async function activeSigningKey(alg: SigningAlg = SIGNING_ALG): Promise<ActiveSigningKey> {
  const keys = await loadKeys();
  const active = keys.active[alg];
  if (active) return active;
  await ensureSigningKeys();
  const reloaded = (await loadKeys(true)).active[alg];
  if (!reloaded) throw new Error(`No active ${alg} signing key`);
  return reloaded;
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
    key = (await importJWK(jwk, jwk.alg)) as CryptoKey;
    imported.set(kid, key);
  }
  return key;
}

/** Drops this process's cache (tests, rotation). */
export function forgetSigningKeys(): void {
  globalForKeys.trustgateKeys = undefined;
}
