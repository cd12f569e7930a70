// The benchmark's floor: a bare node:http server doing only the irreducible work of each grant —
// parse the request, check the client secret in constant time, ONE indexed lookup and ONE write in
// PostgreSQL, ES256 signatures with node:crypto. No framework, no audit log, no rate limits, no
// validation beyond what the grant needs. It is what this hardware can do, not a product.
//   serve: PORT=… DATABASE_URL=… BENCH_CLIENT_ID=… BENCH_CLIENT_SECRET=… node --import tsx bench/floor/server.ts
//   mint:  same env, … bench/floor/server.ts mint --refresh-tokens N --codes M --out FILE
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import pg from "pg";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS floor_clients (id text PRIMARY KEY, secret_hash text NOT NULL);
CREATE TABLE IF NOT EXISTS floor_keys (id int PRIMARY KEY, private_pem text NOT NULL, kid text NOT NULL);
CREATE TABLE IF NOT EXISTS floor_access_tokens (jti text PRIMARY KEY, client_id text NOT NULL, sub text NOT NULL, expires_at timestamptz NOT NULL, revoked_at timestamptz);
CREATE TABLE IF NOT EXISTS floor_refresh_tokens (token_hash text PRIMARY KEY, client_id text NOT NULL, sub text NOT NULL, family_id uuid NOT NULL, expires_at timestamptz NOT NULL, rotated_at timestamptz);
CREATE TABLE IF NOT EXISTS floor_codes (code_hash text PRIMARY KEY, client_id text NOT NULL, sub text NOT NULL, redirect_uri text NOT NULL, challenge text NOT NULL, expires_at timestamptz NOT NULL, consumed_at timestamptz);
`;
const TTL_S = 3600;
const REFRESH_TTL_S = 864_000;
const MAX_BODY = 16 * 1024;

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

const pool = new pg.Pool({ connectionString: env("DATABASE_URL"), max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
pool.on("error", () => {});
const issuer = env("BENCH_ISSUER");

interface Keys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwks: string;
}

async function setup(): Promise<Keys> {
  await pool.query(SCHEMA);
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  await pool.query(`INSERT INTO floor_keys (id, private_pem, kid) VALUES (1, $1, $2) ON CONFLICT DO NOTHING`, [privateKey.export({ format: "pem", type: "pkcs8" }), randomBytes(9).toString("base64url")]);
  await pool.query(`INSERT INTO floor_clients (id, secret_hash) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash`, [env("BENCH_CLIENT_ID"), sha256(env("BENCH_CLIENT_SECRET"))]);
  const { rows } = await pool.query<{ private_pem: string; kid: string }>(`SELECT private_pem, kid FROM floor_keys WHERE id = 1`);
  const { createPrivateKey, createPublicKey } = await import("node:crypto");
  const key = createPrivateKey(rows[0]!.private_pem);
  const publicKey = createPublicKey(key);
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: rows[0]!.kid, alg: "ES256", use: "sig" }] });
  return { kid: rows[0]!.kid, privateKey: key, publicKey, jwks };
}

function jwt(keys: Keys, typ: string, claims: object): string {
  const input = `${b64url(JSON.stringify({ alg: "ES256", kid: keys.kid, typ }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign("sha256", Buffer.from(input), { key: keys.privateKey, dsaEncoding: "ieee-p1363" }))}`;
}

function verifyJwt(keys: Keys, token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const ok = verify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), { key: keys.publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(parts[2]!, "base64url"));
  return ok ? (JSON.parse(Buffer.from(parts[1]!, "base64url").toString()) as Record<string, unknown>) : null;
}

function secretMatches(storedHash: string | null | undefined, presented: string): boolean {
  const a = Buffer.from(storedHash ?? "0".repeat(64));
  const b = Buffer.from(sha256(presented));
  return timingSafeEqual(a, b) && !!storedHash;
}

function basic(req: http.IncomingMessage): { id: string; secret: string } | null {
  const header = req.headers.authorization;
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString();
  const colon = decoded.indexOf(":");
  return colon > 0 ? { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) } : null;
}

function send(res: http.ServerResponse, status: number, body: string, cache = "no-store"): void {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": cache, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

const invalid = (res: http.ServerResponse, error = "invalid_grant", status = 400) => send(res, status, JSON.stringify({ error }));

function accessToken(keys: Keys, clientId: string, sub: string): { token: string; jti: string; exp: number } {
  const iat = Math.floor(Date.now() / 1000);
  const jti = randomBytes(16).toString("base64url");
  const exp = iat + TTL_S;
  return { token: jwt(keys, "at+jwt", { iss: issuer, sub, aud: clientId, client_id: clientId, exp, iat, jti, scope: sub === clientId ? "" : "openid" }), jti, exp };
}

function idToken(keys: Keys, clientId: string, sub: string): string {
  const iat = Math.floor(Date.now() / 1000);
  return jwt(keys, "JWT", { iss: issuer, sub, aud: clientId, exp: iat + TTL_S, iat, auth_time: iat });
}

async function handle(keys: Keys, req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  if (req.method === "GET" && req.url === "/jwks") return send(res, 200, keys.jwks, "public, max-age=300");
  if (req.method === "GET" && req.url === "/.well-known/openid-configuration") return send(res, 200, discovery, "public, max-age=300");
  if (req.method === "GET" && req.url === "/healthz") {
    await pool.query("SELECT 1");
    return send(res, 200, '{"status":"ok"}');
  }
  if (req.method !== "POST") return invalid(res, "not_found", 404);
  const client = basic(req);
  if (!client) return invalid(res, "invalid_client", 401);
  const form = new URLSearchParams(body);

  if (req.url === "/introspect") {
    // Lookup: the client and the token's row in one statement. Write: none.
    const claims = verifyJwt(keys, form.get("token") ?? "");
    const { rows } = await pool.query<{ secret_hash: string; client_id: string | null; expires_at: Date | null; revoked_at: Date | null }>(
      `SELECT c.secret_hash, t.client_id, t.expires_at, t.revoked_at FROM floor_clients c LEFT JOIN floor_access_tokens t ON t.jti = $2 WHERE c.id = $1`,
      [client.id, typeof claims?.jti === "string" ? claims.jti : ""],
    );
    const row = rows[0];
    if (!secretMatches(row?.secret_hash, client.secret)) return invalid(res, "invalid_client", 401);
    const active = !!claims && row!.client_id === client.id && !row!.revoked_at && row!.expires_at! > new Date();
    return send(res, 200, JSON.stringify(active ? { active: true, ...claims, token_type: "Bearer" } : { active: false }));
  }
  if (req.url !== "/token") return invalid(res, "not_found", 404);

  switch (form.get("grant_type")) {
    case "client_credentials": {
      const { rows } = await pool.query<{ secret_hash: string }>(`SELECT secret_hash FROM floor_clients WHERE id = $1`, [client.id]);
      if (!secretMatches(rows[0]?.secret_hash, client.secret)) return invalid(res, "invalid_client", 401);
      const at = accessToken(keys, client.id, client.id);
      await pool.query(`INSERT INTO floor_access_tokens (jti, client_id, sub, expires_at) VALUES ($1, $2, $3, to_timestamp($4))`, [at.jti, client.id, client.id, at.exp]);
      return send(res, 200, JSON.stringify({ access_token: at.token, token_type: "Bearer", expires_in: TTL_S, scope: "" }));
    }
    case "refresh_token": {
      const { rows } = await pool.query<{ secret_hash: string; client_id: string; sub: string; family_id: string; expires_at: Date; rotated_at: Date | null }>(
        `SELECT c.secret_hash, r.client_id, r.sub, r.family_id, r.expires_at, r.rotated_at
           FROM floor_refresh_tokens r JOIN floor_clients c ON c.id = r.client_id WHERE r.token_hash = $1`,
        [sha256(form.get("refresh_token") ?? "")],
      );
      const row = rows[0];
      if (!secretMatches(row?.secret_hash, client.secret) || row!.client_id !== client.id) return invalid(res, "invalid_client", 401);
      if (row!.rotated_at || row!.expires_at <= new Date()) return invalid(res);
      const at = accessToken(keys, client.id, row!.sub);
      const refresh = "flr_" + randomBytes(32).toString("base64url");
      // Rotation, successor and access token row: one statement, atomic.
      const { rows: rotated } = await pool.query(
        `WITH old AS (UPDATE floor_refresh_tokens SET rotated_at = now() WHERE token_hash = $1 AND rotated_at IS NULL RETURNING sub, family_id),
              r AS (INSERT INTO floor_refresh_tokens (token_hash, client_id, sub, family_id, expires_at) SELECT $2, $3, sub, family_id, now() + interval '${REFRESH_TTL_S} seconds' FROM old),
              a AS (INSERT INTO floor_access_tokens (jti, client_id, sub, expires_at) SELECT $4, $3, sub, to_timestamp($5) FROM old)
         SELECT 1 FROM old`,
        [sha256(form.get("refresh_token")!), sha256(refresh), client.id, at.jti, at.exp],
      );
      if (!rotated.length) return invalid(res);
      return send(res, 200, JSON.stringify({ access_token: at.token, token_type: "Bearer", expires_in: TTL_S, refresh_token: refresh, scope: "openid", id_token: idToken(keys, client.id, row!.sub) }));
    }
    case "authorization_code": {
      const codeHash = sha256(form.get("code") ?? "");
      const { rows } = await pool.query<{ secret_hash: string; client_id: string; sub: string; redirect_uri: string; challenge: string; expires_at: Date; consumed_at: Date | null }>(
        `SELECT c.secret_hash, k.client_id, k.sub, k.redirect_uri, k.challenge, k.expires_at, k.consumed_at
           FROM floor_codes k JOIN floor_clients c ON c.id = k.client_id WHERE k.code_hash = $1`,
        [codeHash],
      );
      const row = rows[0];
      if (!secretMatches(row?.secret_hash, client.secret) || row!.client_id !== client.id) return invalid(res, "invalid_client", 401);
      const challenge = createHash("sha256")
        .update(form.get("code_verifier") ?? "")
        .digest("base64url");
      if (row!.consumed_at || row!.expires_at <= new Date() || row!.redirect_uri !== form.get("redirect_uri") || challenge !== row!.challenge) return invalid(res);
      const at = accessToken(keys, client.id, row!.sub);
      const refresh = "flr_" + randomBytes(32).toString("base64url");
      const { rows: consumed } = await pool.query(
        `WITH used AS (UPDATE floor_codes SET consumed_at = now() WHERE code_hash = $1 AND consumed_at IS NULL RETURNING sub),
              r AS (INSERT INTO floor_refresh_tokens (token_hash, client_id, sub, family_id, expires_at) SELECT $2, $3, sub, $6::uuid, now() + interval '${REFRESH_TTL_S} seconds' FROM used),
              a AS (INSERT INTO floor_access_tokens (jti, client_id, sub, expires_at) SELECT $4, $3, sub, to_timestamp($5) FROM used)
         SELECT 1 FROM used`,
        [codeHash, sha256(refresh), client.id, at.jti, at.exp, randomUUID()],
      );
      if (!consumed.length) return invalid(res);
      return send(res, 200, JSON.stringify({ access_token: at.token, token_type: "Bearer", expires_in: TTL_S, refresh_token: refresh, scope: "openid", id_token: idToken(keys, client.id, row!.sub) }));
    }
    default:
      return invalid(res, "unsupported_grant_type");
  }
}

const discovery = JSON.stringify({
  issuer,
  token_endpoint: `${issuer}/token`,
  introspection_endpoint: `${issuer}/introspect`,
  jwks_uri: `${issuer}/jwks`,
  grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
  code_challenge_methods_supported: ["S256"],
  id_token_signing_alg_values_supported: ["ES256"],
});

async function mint(refreshTokens: number, codes: number, out: string): Promise<void> {
  const clientId = env("BENCH_CLIENT_ID");
  const codeVerifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(codeVerifier).digest("base64url");
  const result = { refreshTokens: [] as string[], codes: [] as string[], codeVerifier };
  const BATCH = 2_000;
  for (let start = 0; start < refreshTokens; start += BATCH) {
    const tokens = Array.from({ length: Math.min(BATCH, refreshTokens - start) }, () => "flr_" + randomBytes(32).toString("base64url"));
    result.refreshTokens.push(...tokens);
    await pool.query(
      `INSERT INTO floor_refresh_tokens (token_hash, client_id, sub, family_id, expires_at)
       SELECT h, $2, gen_random_uuid()::text, gen_random_uuid(), now() + interval '${REFRESH_TTL_S} seconds' FROM unnest($1::text[]) AS h`,
      [tokens.map(sha256), clientId],
    );
  }
  for (let start = 0; start < codes; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, codes - start) }, () => randomBytes(32).toString("base64url"));
    result.codes.push(...batch);
    await pool.query(
      `INSERT INTO floor_codes (code_hash, client_id, sub, redirect_uri, challenge, expires_at)
       SELECT h, $2, gen_random_uuid()::text, $3, $4, now() + interval '1 hour' FROM unnest($1::text[]) AS h`,
      [batch.map(sha256), clientId, env("BENCH_REDIRECT_URI"), challenge],
    );
  }
  fs.writeFileSync(out, JSON.stringify(result), { mode: 0o600 });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { "refresh-tokens": { type: "string" }, codes: { type: "string" }, out: { type: "string" } },
  });
  const keys = await setup();
  if (positionals[0] === "mint") {
    await mint(Number(values["refresh-tokens"] ?? 0), Number(values.codes ?? 0), values.out!);
    process.exit(0);
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY) return invalid(res, "invalid_request", 413);
      handle(keys, req, res, Buffer.concat(chunks).toString()).catch(() => send(res, 500, '{"error":"server_error"}'));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(env("PORT")), "127.0.0.1");
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
