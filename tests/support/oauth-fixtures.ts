// Fixtures for the token endpoints: users, authorization codes minted the way the consent step
// mints them, PKCE pairs, and calls to the OAuth routes as a partner would make them.
import { recordConsent } from "@/lib/authorize/consent";
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { POST as introspectRoute } from "@/app/v1/oauth/introspect/route";
import { POST as revokeRoute } from "@/app/v1/oauth/revoke/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import type { AuthMethod, UserStatus } from "@/lib/db/generated/enums";
import { issueAuthorizationCode } from "@/lib/oauth/authorization-code";
import { apiRequest, basicAuth, BASE_URL, formRequest } from "./fixtures";

export interface TestUser {
  id: string;
  phone: string;
}

let phoneCounter = 0;

export async function createTestUser(overrides: { status?: UserStatus; email?: string; firstName?: string; lastName?: string } = {}): Promise<TestUser> {
  phoneCounter += 1;
  // Each API test file has its own database, so a counter keeps numbers unique.
  const phone = `+1202555${String(phoneCounter).padStart(4, "0")}`;
  const user = await db().user.create({
    data: { phone, status: overrides.status ?? "approved", email: overrides.email, firstName: overrides.firstName, lastName: overrides.lastName },
  });
  return { id: user.id, phone: user.phone };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface MintCodeOptions {
  scope?: string;
  nonce?: string | null;
  challenge?: string | null;
  redirectUri?: string;
  authMethod?: AuthMethod;
  authTime?: Date;
  /** RFC 8707 resources the authorization request named. */
  resources?: string[];
}

/** Like the hosted flow: a code is only issued once the user consented to its scopes for the client. */
export async function mintCode(client: CreatedClient, user: TestUser, options: MintCodeOptions = {}): Promise<string> {
  const challenge = options.challenge === undefined ? null : options.challenge;
  await recordConsent(user.id, client.client_id, (options.scope ?? "openid phone").split(" ").filter(Boolean));
  return issueAuthorizationCode({
    clientId: client.client_id,
    userId: user.id,
    redirectUri: options.redirectUri ?? client.redirect_uris[0]!,
    scope: options.scope ?? "openid phone",
    nonce: options.nonce === undefined ? "n-0S6_WzA2Mj" : options.nonce,
    codeChallenge: challenge,
    codeChallengeMethod: challenge ? "S256" : null,
    authMethod: options.authMethod ?? "sms_otp",
    authTime: options.authTime ?? new Date(Date.now() - 5_000),
    resources: options.resources ?? [],
  });
}

/** Basic for confidential clients, client_id in the body for public ones. */
export function clientAuth(client: CreatedClient): { headers: Record<string, string>; form: Record<string, string> } {
  return client.client_secret ? { headers: { Authorization: basicAuth(client.client_id, client.client_secret) }, form: {} } : { headers: {}, form: { client_id: client.client_id } };
}

export interface OAuthAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

async function answer<T>(response: Response): Promise<OAuthAnswer<T>> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  id_token?: string;
  error?: string;
  error_description?: string;
}

export async function postToken(client: CreatedClient, form: Record<string, string>): Promise<OAuthAnswer<TokenBody>> {
  const auth = clientAuth(client);
  return answer<TokenBody>(await tokenRoute(formRequest("/v1/oauth/token", { ...auth.form, ...form }, { headers: auth.headers })));
}

export function redeemCode(client: CreatedClient, code: string, extra: { verifier?: string; redirectUri?: string } = {}) {
  return postToken(client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: extra.redirectUri ?? client.redirect_uris[0]!,
    ...(extra.verifier ? { code_verifier: extra.verifier } : {}),
  });
}

export function refresh(client: CreatedClient, refreshToken: string, scope?: string) {
  return postToken(client, { grant_type: "refresh_token", refresh_token: refreshToken, ...(scope !== undefined ? { scope } : {}) });
}

/** A full sign-in: code with PKCE, redeemed; fails the test if it does not succeed. */
export async function signIn(client: CreatedClient, user: TestUser, options: MintCodeOptions = {}): Promise<TokenBody> {
  const { verifier, challenge } = pkcePair();
  const code = await mintCode(client, user, { challenge, ...options });
  const result = await redeemCode(client, code, { verifier });
  if (result.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function introspect(client: CreatedClient, token: string, hint?: string) {
  const auth = clientAuth(client);
  return answer<Record<string, unknown>>(await introspectRoute(formRequest("/v1/oauth/introspect", { ...auth.form, token, ...(hint ? { token_type_hint: hint } : {}) }, { headers: auth.headers })));
}

export async function revoke(client: CreatedClient, token: string, hint?: string) {
  const auth = clientAuth(client);
  return answer<Record<string, unknown> | null>(await revokeRoute(formRequest("/v1/oauth/revoke", { ...auth.form, token, ...(hint ? { token_type_hint: hint } : {}) }, { headers: auth.headers })));
}

/** Verifies a JWT the way a partner library does: against the published JWKS. */
export async function verifyWithJwks(token: string, options: { audience: string; typ: string }) {
  const response = await jwksRoute(apiRequest("/.well-known/jwks.json"));
  const keys = createLocalJWKSet((await response.json()) as never);
  return jwtVerify(token, keys, { issuer: BASE_URL, audience: options.audience, typ: options.typ, algorithms: ["ES256", "RS256"] });
}
