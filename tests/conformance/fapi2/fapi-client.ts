// A minimal FAPI 2.0 client, written the way the OpenID Foundation's suite acts as one: PAR with
// private_key_jwt (aud = issuer), DPoP proofs on every token and resource request, PKCE S256, and
// the hosted sign-in driven in Chromium. Each module changes one thing and checks the server's answer.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from "jose";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { launchBrowser } from "../../support/browser";
import { signInWithSms, testPhone } from "../../support/hosted-login";
import type { ConformanceClient } from "./global-setup";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let named: ReturnType<typeof inject<"fapi2">> | undefined;

/** The global setup runs outside the test workers (no inject there): it names the server itself. */
export function nameServer(env: ReturnType<typeof inject<"fapi2">>) {
  named = env;
}

export function server() {
  return named ?? inject("fapi2");
}

export const issuer = () => server().url;
export const endpoints = () => ({
  par: `${issuer()}/v1/oauth/par`,
  authorize: `${issuer()}/login/oauth/authorize`,
  token: `${issuer()}/v1/oauth/token`,
  userinfo: `${issuer()}/v1/oauth/userinfo`,
  user: `${issuer()}/v1/user`,
  introspect: `${issuer()}/v1/oauth/introspect`,
});

export interface DpopKey {
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function newDpopKey(alg: "ES256" | "PS256" | "EdDSA" | "RS256" = "ES256"): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk, "sha256") };
}

export async function dpopProof(key: DpopKey, htm: string, htu: string, options: { accessToken?: string; iatOffset?: number; claims?: Record<string, unknown>; nonce?: string } = {}): Promise<string> {
  return new SignJWT({
    htm,
    htu,
    ...(options.accessToken ? { ath: createHash("sha256").update(options.accessToken).digest("base64url") } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...options.claims,
  })
    .setProtectedHeader({ alg: key.alg, typ: "dpop+jwt", jwk: key.publicJwk })
    .setIssuedAt(Math.floor(Date.now() / 1000) + (options.iatOffset ?? 0))
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export interface AssertionChanges {
  aud?: string | string[];
  expOffset?: number;
  iatOffset?: number;
  nbfOffset?: number;
  noSub?: boolean;
  alg?: string;
  key?: CryptoKey;
}

export async function clientAssertion(client: ConformanceClient, changes: AssertionChanges = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const key = changes.key ?? ((await importJWK(client.privateJwk, "ES256")) as CryptoKey);
  const jwt = new SignJWT({ jti: randomUUID(), exp: now + (changes.expOffset ?? 60), ...(changes.nbfOffset !== undefined ? { nbf: now + changes.nbfOffset } : {}) })
    .setProtectedHeader({ alg: changes.alg ?? "ES256", kid: client.publicJwk.kid })
    .setIssuer(client.client_id)
    .setAudience(changes.aud ?? issuer())
    .setIssuedAt(now + (changes.iatOffset ?? 0));
  if (!changes.noSub) jwt.setSubject(client.client_id);
  return jwt.sign(key);
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form).toString() });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface PushOptions {
  params?: Record<string, string | undefined>;
  assertion?: string;
  dpop?: DpopKey | null;
}

/** POST /v1/oauth/par as the client; `params` overrides (undefined removes) the defaults. */
export async function push(client: ConformanceClient, options: PushOptions = {}) {
  const checks = { ...pkce(), state: randomUUID(), nonce: randomUUID() };
  const params: Record<string, string | undefined> = {
    client_id: client.client_id,
    response_type: "code",
    redirect_uri: client.redirect_uri,
    scope: "openid phone",
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: checks.challenge,
    code_challenge_method: "S256",
    ...options.params,
  };
  const form = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const assertion = options.assertion ?? (await clientAssertion(client));
  const headers: Record<string, string> = options.dpop ? { DPoP: await dpopProof(options.dpop, "POST", endpoints().par) } : {};
  const answer = await post(endpoints().par, { ...form, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion }, headers);
  return { answer, checks };
}

export function authorizeUrl(client: ConformanceClient, requestUri: string): string {
  return `${endpoints().authorize}?${new URLSearchParams({ client_id: client.client_id, request_uri: requestUri })}`;
}

export async function openBrowser(): Promise<{ browser: Browser; page: Page; close: () => Promise<void> }> {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  return { browser, page, close: () => browser.close() };
}

/** Drives the hosted pages from the request_uri to the redirect back; `decision` on the consent screen. */
export async function signIn(page: Page, client: ConformanceClient, requestUri: string, decision: "Authorize" | "Deny" = "Authorize"): Promise<URL> {
  await page.goto(authorizeUrl(client, requestUri));
  await signInWithSms(page, issuer(), testPhone());
  await page.waitForURL(/\/login\/consent\?rid=/);
  await page.getByRole("button", { name: decision }).click();
  await page.waitForURL((url) => url.pathname === "/demo/callback");
  return new URL(page.url());
}

/** The full front channel: PAR (with the DPoP key, binding the code), sign-in, the code. */
export async function obtainCode(page: Page, client: ConformanceClient, options: PushOptions = {}) {
  const { answer, checks } = await push(client, options);
  if (answer.status !== 201) throw new Error(`PAR failed: ${JSON.stringify(answer.body)}`);
  const callback = await signIn(page, client, answer.body.request_uri as string);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`no code: ${callback}`);
  return { code, callback, checks };
}

export interface TokenOptions {
  dpop?: DpopKey | null;
  assertion?: string;
  verifier?: string | null;
  client?: ConformanceClient;
}

export async function redeem(client: ConformanceClient, code: string, verifier: string | null, dpop: DpopKey | null, options: Omit<TokenOptions, "dpop" | "verifier"> = {}) {
  const as = options.client ?? client;
  const form: Record<string, string> = {
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirect_uri,
    client_id: as.client_id,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: options.assertion ?? (await clientAssertion(as)),
    ...(verifier ? { code_verifier: verifier } : {}),
  };
  return post(endpoints().token, form, dpop ? { DPoP: await dpopProof(dpop, "POST", endpoints().token) } : {});
}

export async function userinfo(accessToken: string, dpop: DpopKey | null, scheme = "DPoP"): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: `${scheme} ${accessToken}` };
  if (dpop) headers.DPoP = await dpopProof(dpop, "GET", endpoints().userinfo, { accessToken });
  const response = await fetch(endpoints().userinfo, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const clients = () => server().clients;
