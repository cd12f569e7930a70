// What a conformance module needs: the shared server and browser (conformance-global-setup.ts), an
// authorization request driven in Chromium the way the OpenID Foundation suite drives it (the user
// is already signed in; consent is given when asked), and the token, userinfo and ID token checks
// the suite's conditions make.
import { randomBytes, createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { SMS_RESEND_COOLDOWN_S } from "../../lib/config/limits";
import { signInWithSms } from "./hosted-login";

export interface ConformanceClient {
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
}

export interface ConformanceUser {
  phone: string;
  /** Browser storage with this user's session. */
  storageState: string;
}

export interface ConformanceEnv {
  url: string;
  dataDir: string;
  wsEndpoint: string;
  /** Browser storage with the end user's session (signed in once for the whole plan). */
  storageState: string;
  phone: string;
  /** Users of their own for the modules that make their user sign in again (conformance-global-setup.ts). */
  moduleUsers: Record<string, ConformanceUser>;
  /** Confidential client, RS256 ID tokens (the default). */
  rp: ConformanceClient;
  /** Confidential client that registered id_token_signed_response_alg=ES256. */
  rpEs256: ConformanceClient;
}

declare module "vitest" {
  export interface ProvidedContext {
    conformance: ConformanceEnv;
  }
}

export function conformance(): ConformanceEnv {
  return inject("conformance");
}

/** The module's own signed-in user (one of SIGN_IN_AGAIN_MODULES in conformance-global-setup.ts). */
export function moduleUser(module: string): ConformanceUser {
  const user = conformance().moduleUsers[module];
  if (!user) throw new Error(`${module} has no user of its own: add it to SIGN_IN_AGAIN_MODULES`);
  return user;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A page in the shared Chromium, signed in as the plan's end user (or another user's storage; `null`: signed out). */
export async function signedInPage(storageState: string | null = conformance().storageState): Promise<BrowserSession> {
  const env = conformance();
  const browser = await chromium.connect(env.wsEndpoint);
  const context = await browser.newContext(storageState ? { storageState } : {});
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close() };
}

export const randomValue = () => randomBytes(16).toString("base64url");

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  params: URLSearchParams;
}

/** The suite's default authorization request: code flow, openid, state and nonce. */
export function authorizationRequest(client: ConformanceClient, extra: Record<string, string | null> = {}): AuthorizationRequest {
  const state = randomValue();
  const nonce = randomValue();
  const params = new URLSearchParams({ client_id: client.clientId, redirect_uri: client.redirectUri, response_type: "code", scope: "openid", state, nonce });
  for (const [name, value] of Object.entries(extra)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  return { state, nonce, params };
}

/**
 * Sends the browser to the authorization endpoint (GET, or POST as an auto-submitted form from a
 * page of the relying party's origin), gives consent when asked, and returns the redirect back. A
 * sign-in page is an error unless the module expects one (`signInAgainAs`: the user's phone).
 */
export async function authorizeInBrowser(page: Page, request: AuthorizationRequest, method: "GET" | "POST" = "GET", signInAgainAs?: string): Promise<URL> {
  const env = conformance();
  const endpoint = `${env.url}/login/oauth/authorize`;
  if (method === "GET") await page.goto(`${endpoint}?${request.params}`);
  else {
    await page.goto(`${env.url}/demo/callback`);
    await page.evaluate(
      ({ endpoint, entries }) => {
        const form = document.createElement("form");
        form.method = "POST";
        form.action = endpoint;
        for (const [name, value] of entries) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { endpoint, entries: [...request.params] },
    );
  }
  const done = (url: URL) => url.pathname === "/demo/callback" && url.search.length > 1;
  let phone = signInAgainAs;
  for (;;) {
    await page.waitForURL((url) => done(url) || url.pathname === "/login/consent" || url.pathname === "/login");
    const here = new URL(page.url());
    if (done(here)) return here;
    if (here.pathname === "/login/consent") {
      await page.getByRole("button", { name: "Authorize" }).click();
      await page.waitForURL((url) => url.pathname !== "/login/consent");
      continue;
    }
    if (!phone) throw new Error(`the authorization did not come back to the client: ${page.url()}`);
    await signInAgain(page, phone);
    phone = undefined;
  }
}

/**
 * The user signs in again on the sign-in page (prompt=login, max_age). Trustgate sends one code per
 * phone every SMS_RESEND_COOLDOWN_S, so — like a person whose last code came moments ago — the
 * user waits until the last one's cooldown is over before asking for a new one.
 */
export async function signInAgain(page: Page, phone: string): Promise<void> {
  const env = conformance();
  const outbox = (await (await fetch(`${env.url}/dev/outbox.json?to=${encodeURIComponent(phone)}`)).json()) as { created_at: string }[];
  const wait = (outbox[0] ? Date.parse(outbox[0].created_at) : 0) + SMS_RESEND_COOLDOWN_S * 1000 + 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await signInWithSms(page, env.url, phone);
}

/** The paths of the pages the browser showed (main frame, redirects excluded), from now on. */
export function shownPages(page: Page): string[] {
  const shown: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) shown.push(new URL(frame.url()).pathname);
  });
  return shown;
}

/** The callback's code after the suite's checks: state echoed, iss (RFC 9207), no error. */
export function codeFrom(callback: URL, request: AuthorizationRequest): string {
  const error = callback.searchParams.get("error");
  if (error) throw new Error(`authorization error ${error}: ${callback.searchParams.get("error_description")}`);
  if (callback.searchParams.get("state") !== request.state) throw new Error("state was not returned unchanged");
  if (callback.searchParams.get("iss") !== conformance().url) throw new Error("iss is missing or wrong");
  return callback.searchParams.get("code")!;
}

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, string | number | undefined> & { access_token?: string; id_token?: string; refresh_token?: string; error?: string };
}

/** A token request with client_secret_basic (the plan's default) or client_secret_post. */
export async function tokenRequest(client: ConformanceClient, form: Record<string, string>, auth: "client_secret_basic" | "client_secret_post" = "client_secret_basic"): Promise<TokenAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams(form);
  if (auth === "client_secret_basic") {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
    headers.Authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret!)}`).toString("base64")}`;
  } else {
    body.set("client_id", client.clientId);
    body.set("client_secret", client.clientSecret!);
  }
  const response = await fetch(`${conformance().url}/v1/oauth/token`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

export function redeemCode(client: ConformanceClient, code: string, extra: Record<string, string> = {}, auth?: "client_secret_basic" | "client_secret_post") {
  return tokenRequest(client, { grant_type: "authorization_code", code, redirect_uri: client.redirectUri, ...extra }, auth);
}

/**
 * The suite's ID token conditions (Core §3.1.3.7): signature with a key of the JWKS named by kid,
 * iss, aud = client_id, exp in the future, iat, sub, nonce when sent, at_hash over the access token.
 */
export async function checkIdToken(idToken: string, client: ConformanceClient, options: { nonce?: string | null; accessToken?: string; alg?: string } = {}): Promise<JWTPayload> {
  const env = conformance();
  const jwks = createRemoteJWKSet(new URL(`${env.url}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: env.url, audience: client.clientId, algorithms: [options.alg ?? "RS256"] });
  if (!protectedHeader.kid) throw new Error("the ID token names no kid");
  if (typeof payload.sub !== "string" || !payload.sub) throw new Error("sub is missing");
  if (typeof payload.iat !== "number" || typeof payload.exp !== "number" || typeof payload.auth_time !== "number") throw new Error("iat, exp or auth_time is missing");
  if (options.nonce !== undefined && (payload.nonce ?? null) !== options.nonce) throw new Error("nonce does not match the request");
  if (options.accessToken) {
    const digest = createHash("sha256").update(options.accessToken).digest();
    if (payload.at_hash !== digest.subarray(0, 16).toString("base64url")) throw new Error("at_hash does not match the access token");
  }
  return payload;
}

/** The whole happy path of a module: authorize in the browser, redeem, check the ID token. */
export async function codeFlow(
  page: Page,
  client: ConformanceClient,
  extra: Record<string, string | null> = {},
  options: { method?: "GET" | "POST"; auth?: "client_secret_basic" | "client_secret_post"; alg?: string; verifier?: string; signInAgainAs?: string } = {},
) {
  const request = authorizationRequest(client, extra);
  const callback = await authorizeInBrowser(page, request, options.method, options.signInAgainAs);
  const code = codeFrom(callback, request);
  const tokens = await redeemCode(client, code, options.verifier ? { code_verifier: options.verifier } : {}, options.auth);
  if (tokens.status !== 200) throw new Error(`token endpoint answered ${tokens.status}: ${JSON.stringify(tokens.body)}`);
  const claims = await checkIdToken(tokens.body.id_token!, client, { nonce: request.params.get("nonce"), accessToken: tokens.body.access_token, alg: options.alg });
  return { request, callback, code, tokens, claims };
}

export async function userinfo(accessToken: string, how: "get" | "post-header" | "post-body" = "get") {
  const url = `${conformance().url}/v1/oauth/userinfo`;
  const response =
    how === "get"
      ? await fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } })
      : how === "post-header"
        ? await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${accessToken}` } })
        : await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ access_token: accessToken }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
