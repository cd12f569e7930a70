// The benchmark's peer: node-oidc-provider, configured for the grants Trustgate serves —
// client_credentials, refresh_token with rotation on every use, authorization_code with PKCE (S256
// required), introspection, revocation, JWKS, ES256 ID tokens — over PostgreSQL (pg-adapter.ts).
// Started by npm run bench as its own process:
//   serve: PORT=… DATABASE_URL=… BENCH_CLIENT_ID=… BENCH_CLIENT_SECRET=… node --import tsx bench/peer/server.ts
//   mint:  same env, … bench/peer/server.ts mint --refresh-tokens N --codes M --out FILE
// Minting uses the provider's own models (Grant, RefreshToken, AuthorizationCode) and its own
// adapter, exactly as an authorization would store them, only written in bulk.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { connect, findAccountRow, findOrCreateAccountRow, pingDatabase, flushBuffer, insertAccounts, PgAdapter, SCHEMA, startBuffering } from "./pg-adapter";

// oidc-provider ships no type declarations; this is the subset used here.
interface Model {
  save(): Promise<string>;
  addOIDCScope?(scope: string): void;
}
type ModelClass = new (fields: Record<string, unknown>) => Model;
interface ProviderInstance {
  proxy: boolean;
  callback(): http.RequestListener;
  Grant: ModelClass;
  RefreshToken: ModelClass;
  AuthorizationCode: ModelClass;
  Client: { find(id: string): Promise<unknown> };
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const SCOPE = "openid offline_access";
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

function signingJwk(): Record<string, unknown> {
  // A fresh ES256 key per database: kept next to the data so serve and mint agree.
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(9).toString("base64url"), alg: "ES256", use: "sig" };
}

async function loadOrCreateKey(): Promise<Record<string, unknown>> {
  const pool = connect(env("DATABASE_URL"), Number(process.env.BENCH_POOL_SIZE ?? 10));
  await pool.query(SCHEMA);
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_keys (id int PRIMARY KEY, jwk jsonb NOT NULL)`);
  await pool.query(`INSERT INTO bench_keys (id, jwk) VALUES (1, $1::jsonb) ON CONFLICT DO NOTHING`, [JSON.stringify(signingJwk())]);
  const { rows } = await pool.query<{ jwk: Record<string, unknown> }>(`SELECT jwk FROM bench_keys WHERE id = 1`);
  return rows[0]!.jwk;
}

async function createProvider(): Promise<ProviderInstance> {
  // @ts-expect-error -- oidc-provider has no type declarations (the subset used is typed above).
  const { Provider } = (await import("oidc-provider")) as unknown as { Provider: ProviderClass };
  const jwk = await loadOrCreateKey();
  const provider = new Provider(env("BENCH_ISSUER"), {
    adapter: PgAdapter,
    clients: [
      {
        client_id: env("BENCH_CLIENT_ID"),
        client_secret: env("BENCH_CLIENT_SECRET"),
        grant_types: ["authorization_code", "refresh_token", "client_credentials"],
        response_types: ["code"],
        redirect_uris: [env("BENCH_REDIRECT_URI")],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "ES256",
      },
      // The private_key_jwt cell (issue 17): like Trustgate's bench key partner, an inline JWK Set.
      ...(process.env.BENCH_KEY_CLIENT_ID
        ? [
            {
              client_id: process.env.BENCH_KEY_CLIENT_ID,
              grant_types: ["client_credentials"],
              response_types: [],
              redirect_uris: [],
              token_endpoint_auth_method: "private_key_jwt",
              token_endpoint_auth_signing_alg: "ES256",
              id_token_signed_response_alg: "ES256",
              jwks: JSON.parse(env("BENCH_KEY_CLIENT_JWKS")) as unknown,
            },
          ]
        : []),
    ],
    jwks: { keys: [jwk] },
    features: {
      clientCredentials: { enabled: true },
      // Like Trustgate: a client introspects only its own tokens.
      introspection: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId },
      revocation: { enabled: true },
      // The hosted sign-in cells (scripts/lib/bench-signin.ts): the provider's own login form (any
      // login, no password check, no SMS) and consent form, in its interaction flow.
      devInteractions: { enabled: true },
      // DPoP (RFC 9449) as Trustgate runs it by default: proofs accepted, no server nonce.
      dPoP: { enabled: true },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    scopes: ["openid", "offline_access"],
    // The user store lookup every grant makes (Trustgate reads its users table too). An unknown
    // login (a first sign-in through the development login form) creates its account, as
    // Trustgate creates the user of a new phone.
    async findAccount(_ctx: unknown, id: string) {
      const row = (await findAccountRow(id)) ?? (await findOrCreateAccountRow(id));
      return row ? { accountId: row.id, claims: async () => ({ sub: row.id }) } : undefined;
    },
    // Lifetimes as Trustgate's; bench codes live for the whole run (minted before it).
    ttl: { AccessToken: 3600, ClientCredentials: 3600, IdToken: 3600, RefreshToken: 864_000, Grant: 864_000, AuthorizationCode: 3600 },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
  });
  provider.proxy = false;
  return provider;
}

async function mint(provider: ProviderInstance, refreshTokens: number, codes: number, out: string): Promise<void> {
  const client = await provider.Client.find(env("BENCH_CLIENT_ID"));
  if (!client) throw new Error("bench client not configured");
  const accounts = Array.from({ length: Math.max(1, Math.min(1_000, refreshTokens + codes)) }, () => randomUUID());
  await insertAccounts(accounts);
  const codeVerifier = randomBytes(32).toString("base64url");
  const codeChallenge = createHash("sha256").update(codeVerifier).digest("base64url");
  const authTime = Math.floor(Date.now() / 1000);
  const result = { refreshTokens: [] as string[], codes: [] as string[], codeVerifier };
  startBuffering();
  for (let i = 0; i < refreshTokens + codes; i++) {
    const accountId = accounts[i % accounts.length]!;
    const grant = new provider.Grant({ accountId, clientId: env("BENCH_CLIENT_ID") });
    grant.addOIDCScope!(SCOPE);
    const grantId = await grant.save();
    if (i < refreshTokens) {
      // Each token its own grant, as in Trustgate's mint: no rotation ever counts as another's reuse.
      const token = new provider.RefreshToken({ accountId, client, grantId, scope: SCOPE, gty: "authorization_code", authTime, iiat: authTime });
      result.refreshTokens.push(await token.save());
    } else {
      const code = new provider.AuthorizationCode({
        accountId,
        client,
        grantId,
        scope: SCOPE,
        authTime,
        redirectUri: env("BENCH_REDIRECT_URI"),
        codeChallenge,
        codeChallengeMethod: "S256",
      });
      result.codes.push(await code.save());
    }
  }
  await flushBuffer();
  fs.writeFileSync(out, JSON.stringify(result), { mode: 0o600 });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { "refresh-tokens": { type: "string" }, codes: { type: "string" }, out: { type: "string" } },
  });
  const provider = await createProvider();
  if (positionals[0] === "mint") {
    await mint(provider, Number(values["refresh-tokens"] ?? 0), Number(values.codes ?? 0), values.out!);
    process.exit(0);
  }
  const callback = provider.callback();
  // Health as Trustgate's: ok once the database answers.
  const server = http.createServer((req, res) => {
    if (req.url !== "/healthz") return callback(req, res);
    pingDatabase().then(
      () => res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}'),
      () => res.writeHead(503).end(),
    );
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
