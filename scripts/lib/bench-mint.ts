// Child process of npm run bench: mints the user credentials the benchmark presents, straight into
// the database of the running server under test (through its socket on the embedded database —
// never opening the data directory — or DATABASE_URL on PostgreSQL). Run with the server's
// TRUSTGATE_URL so the access token's issuer matches; writes the credentials as JSON to --out.
//   node --import tsx scripts/lib/bench-mint.ts --client-id ID --refresh-tokens N [--codes M --redirect-uri URI] --out FILE
// Authorization codes are rows as issueAuthorizationCode() writes them (hash, client, user,
// redirect_uri, S256 challenge, auth method), minted before the run with an expiry that covers it
// (a code normally lives AUTHORIZATION_CODE_TTL_S; the grant still checks the expiry).
import "./production-env";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { disconnectDb, db } from "@/lib/db";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { signAccessToken } from "@/lib/oauth/access-token";
import { hashAuthorizationCode } from "@/lib/oauth/authorization-code";
import { mintRefreshToken } from "@/lib/oauth/mint-refresh-token";
import { s256Challenge } from "@/lib/oauth/pkce";
import { bootDatabase } from "@/lib/server/boot";
import type { BenchCredentials } from "./bench-credentials";

process.env.LOG_LEVEL ??= "warn";
process.env.LOG_DESTINATION = "stderr";

// What a partner's OIDC client asks for: every refresh then also signs an ID token.
const SCOPE = "openid";
const AUTH_METHOD: AuthMethod = "sms_otp";
// Tokens spread over many users, as in real traffic (the grant looks each user up).
const MAX_USERS = 1_000;
// Rows per INSERT: ~10 columns each stays well under PostgreSQL's 65,535 bind parameters.
const BATCH = 2_000;

const CODE_LIFETIME_MS = 60 * 60_000;

async function mintCodes(clientId: string, userIds: string[], count: number, redirectUri: string, authTime: Date): Promise<{ codes: string[]; codeVerifier: string }> {
  const codeVerifier = randomBytes(32).toString("base64url");
  const codeChallenge = s256Challenge(codeVerifier);
  const codes: string[] = [];
  const expiresAt = new Date(Date.now() + CODE_LIFETIME_MS);
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(start + BATCH, count); i++) {
      const code = randomBytes(32).toString("base64url");
      codes.push(code);
      rows.push({
        codeHash: hashAuthorizationCode(code),
        clientId,
        userId: userIds[i % userIds.length]!,
        redirectUri,
        scope: SCOPE,
        nonce: null,
        codeChallenge,
        codeChallengeMethod: "S256",
        authMethod: AUTH_METHOD,
        authTime,
        expiresAt,
      });
    }
    await db().authorizationCode.createMany({ data: rows });
  }
  return { codes, codeVerifier };
}

async function mint(clientId: string, refreshTokenCount: number, codeCount: number, redirectUri: string): Promise<BenchCredentials> {
  const authTime = new Date();
  const userIds = Array.from({ length: Math.max(1, Math.min(MAX_USERS, refreshTokenCount + codeCount)) }, () => randomUUID());
  // Each mint run its own numbers: the bench mints several times into one database.
  const prefix = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, "0");
  const users = userIds.map((id, i) => ({ id, phone: `+1${prefix}${String(i).padStart(4, "0")}`, status: "approved" as const }));
  for (let i = 0; i < users.length; i += BATCH) await db().user.createMany({ data: users.slice(i, i + BATCH) });
  const [firstUserId = ""] = userIds;

  const refreshTokens: string[] = [];
  for (let start = 0; start < refreshTokenCount; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(start + BATCH, refreshTokenCount); i++) {
      // Each token heads its own family, so no rotation ever counts as another token's reuse.
      const minted = mintRefreshToken({
        clientId,
        userId: userIds[i % userIds.length] ?? firstUserId,
        scope: SCOPE,
        authMethod: AUTH_METHOD,
        authTime,
        familyId: randomUUID(),
        authorizationCodeId: null,
      });
      refreshTokens.push(minted.token);
      rows.push(minted.record);
    }
    await db().refreshToken.createMany({ data: rows });
  }

  // One access token serves every GET /v1/user request: the endpoint only reads.
  const access = await signAccessToken({
    clientId,
    user: { id: firstUserId, authMethod: AUTH_METHOD, authTime },
    scope: SCOPE,
    familyId: randomUUID(),
    authorizationCodeId: null,
  });
  await db().accessToken.create({ data: access.record });
  const { codes, codeVerifier } = await mintCodes(clientId, userIds, codeCount, redirectUri, authTime);
  return { userAccessToken: access.token, refreshTokens, codes, codeVerifier };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "client-id": { type: "string" },
      "refresh-tokens": { type: "string" },
      codes: { type: "string" },
      "redirect-uri": { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  const clientId = values["client-id"];
  const count = Number(values["refresh-tokens"]);
  const codes = Number(values.codes ?? 0);
  const out = values.out;
  if (!clientId || !out || !Number.isInteger(count) || count < 0 || !Number.isInteger(codes) || codes < 0 || (codes > 0 && !values["redirect-uri"])) {
    throw new Error("usage: bench-mint.ts --client-id ID --refresh-tokens N [--codes M --redirect-uri URI] --out FILE");
  }
  const booted = await bootDatabase("tool");
  try {
    const credentials = await mint(clientId, count, codes, values["redirect-uri"] ?? "");
    fs.writeFileSync(out, JSON.stringify(credentials), { mode: 0o600 });
  } finally {
    await disconnectDb();
    await booted.database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
