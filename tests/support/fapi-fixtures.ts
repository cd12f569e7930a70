// FAPI 2.0 test kit: DPoP proofs (RFC 9449) and private_key_jwt assertions (RFC 7523) built the way
// a client library builds them — real keys, real signatures — and FAPI 2.0 clients registered
// through the same function the CLI and the admin page use.
import { createHash, randomUUID } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { POST as parRoute } from "@/app/v1/oauth/par/route";
import { updateOAuthProfile } from "@/lib/clients/update-oauth-profile";
import type { CreatedClient } from "@/lib/clients/create-client";
import { CLIENT_ASSERTION_TYPE } from "@/lib/clients/private-key-jwt";
import { BASE_URL, createTestClient, formRequest } from "./fixtures";

export const ISSUER = BASE_URL;
export const TOKEN_ENDPOINT = `${BASE_URL}/v1/oauth/token`;
export const PAR_ENDPOINT = `${BASE_URL}/v1/oauth/par`;

export interface KeyPair {
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function newKeyPair(alg: "ES256" | "PS256" | "RS256" | "EdDSA" = "ES256", kid?: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const publicJwk = { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}) };
  const bare = { ...publicJwk };
  delete bare.kid;
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(bare, "sha256") };
}

export interface ProofOptions {
  htm?: string;
  htu?: string;
  accessToken?: string;
  nonce?: string;
  iat?: number;
  jti?: string;
  typ?: string;
  /** Put this JWK in the header instead of the key's public JWK (e.g. one with the private part). */
  jwk?: JWK;
  claims?: Record<string, unknown>;
}

export async function dpopProof(key: KeyPair, options: ProofOptions = {}): Promise<string> {
  const payload: Record<string, unknown> = {
    htm: options.htm ?? "POST",
    htu: options.htu ?? TOKEN_ENDPOINT,
    ...(options.accessToken ? { ath: createHash("sha256").update(options.accessToken).digest("base64url") } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...options.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, typ: options.typ ?? "dpop+jwt", jwk: options.jwk ?? key.publicJwk })
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .setJti(options.jti ?? randomUUID())
    .sign(key.privateKey);
}

export interface AssertionOptions {
  aud?: string | string[];
  /** Seconds from now; null leaves exp out. */
  expIn?: number | null;
  iatIn?: number;
  jti?: string;
  sub?: string | null;
  iss?: string;
  key?: KeyPair;
}

export async function clientAssertion(clientId: string, key: KeyPair, options: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const signingKey = options.key ?? key;
  const jwt = new SignJWT({ jti: options.jti ?? randomUUID(), ...(options.expIn === null ? {} : { exp: now + (options.expIn ?? 60) }) })
    .setProtectedHeader({ alg: signingKey.alg, ...(signingKey.publicJwk.kid ? { kid: signingKey.publicJwk.kid } : {}) })
    .setIssuer(options.iss ?? clientId)
    .setAudience(options.aud ?? ISSUER)
    .setIssuedAt(now + (options.iatIn ?? 0));
  if (options.sub !== null) jwt.setSubject(options.sub ?? clientId);
  return jwt.sign(signingKey.privateKey);
}

export function assertionForm(assertion: string): Record<string, string> {
  return { client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion };
}

export interface FapiClient extends CreatedClient {
  key: KeyPair;
}

/** A confidential client on private_key_jwt with an inline JWK Set; `fapi2` switches the profile on. */
export async function createKeyClient(options: { fapi2?: boolean; alg?: "ES256" | "PS256" | "RS256" | "EdDSA"; jwksUri?: string; key?: KeyPair } = {}): Promise<FapiClient> {
  const client = await createTestClient();
  const key = options.key ?? (await newKeyPair(options.alg ?? "ES256", `k-${randomUUID().slice(0, 8)}`));
  await updateOAuthProfile(
    client.client_id,
    { tokenEndpointAuthMethod: "private_key_jwt", ...(options.jwksUri ? { jwksUri: options.jwksUri } : { jwks: { keys: [key.publicJwk] } }), fapi2: options.fapi2 ?? false },
    { type: "cli" },
  );
  return { ...client, client_secret: null, key };
}

export async function answerOf(response: Response): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** POST /v1/oauth/par with a private_key_jwt assertion (aud = issuer) and, optionally, a DPoP proof. */
export async function pushWithAssertion(client: FapiClient, params: Record<string, string>, options: { dpop?: string; assertion?: string } = {}) {
  const assertion = options.assertion ?? (await clientAssertion(client.client_id, client.key));
  return answerOf(await parRoute(formRequest("/v1/oauth/par", { client_id: client.client_id, ...assertionForm(assertion), ...params }, { headers: options.dpop ? { DPoP: options.dpop } : {} })));
}
