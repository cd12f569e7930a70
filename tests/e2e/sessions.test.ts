// Sessions end to end (issue 15), on the production build in Chromium:
// - the trusted-auth attack: a partner vouching for a phone gets a session bound to its own request
//   only — an existing user of another partner proves the phone by SMS once, the user's
//   authenticator app is asked, and the session cannot finish another client's request, mint a
//   registration token or reach /account/security enrolment;
// - a revoked device's session is refused by every session-taking route (found in the source);
// - sign-out on /account/* then replay of the old cookie → signed out;
// - prompt and max_age with openid-client, which checks max_age against auth_time itself.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as oidc from "openid-client";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { launchBrowser } from "../support/browser";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { latestCode, signInWithSms, testPhone } from "../support/hosted-login";
import { ROOT } from "../support/paths";
import { runCli, startServer, type RunningServer } from "../support/server";

let api: CustomerApi;
let server: RunningServer;
let browser: Browser;
let partner: { client_id: string; client_secret: string };
let other: { client_id: string; client_secret: string };
let partnerConfig: oidc.Configuration;
let otherConfig: oidc.Configuration;
let redirectUri: string;
let customerSeq = 0;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  api = await startCustomerApi({ https: true });
  [server, browser] = await Promise.all([startServer({ env: { NODE_EXTRA_CA_CERTS: api.caFile! } }), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  const env = { TRUSTGATE_DATA_DIR: server.dataDir };
  partner = JSON.parse((await runCli(["client", "create", "--name", "Astra Bank", "--redirect-uri", redirectUri, "--json"], env)).stdout);
  other = JSON.parse((await runCli(["client", "create", "--name", "Other Wallet", "--redirect-uri", redirectUri, "--json"], env)).stdout);
  const updated = await runCli(["client", "update", partner.client_id, "--trusted-auth", "on", "--customer-api-url", api.url, "--customer-api-header", "X-Partner-Key: k-e2e-15", "--json"], env);
  expect(updated.code, updated.stderr).toBe(0);
  const discover = (client: { client_id: string; client_secret: string }) => oidc.discovery(new URL(server.url), client.client_id, client.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
  [partnerConfig, otherConfig] = await Promise.all([discover(partner), discover(other)]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await api?.close();
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

async function query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const { url } = JSON.parse(fs.readFileSync(path.join(server.dataDir, "trustgate-db.json"), "utf8")) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const basic = () => `Basic ${Buffer.from(`${partner.client_id}:${partner.client_secret}`).toString("base64")}`;

async function partnerPost(pathname: string, body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${server.url}${pathname}`, { method: "POST", headers: { Authorization: basic(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function createIntent(phone: string): Promise<string> {
  const result = await partnerPost("/v1/user_intent", {
    email: `jane.${Date.now()}@example.com`,
    phone,
    first_name: "Jane",
    last_name: "Doe",
    date_of_birth: "1990-01-01",
    ssn: "123-45-6789",
    address1: "1 Market St",
    address2: "",
    city: "San Francisco",
    state: "CA",
    postal_code: "94105",
    ip_address: "203.0.113.9",
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.id!;
}

async function mintFor(intentId: string, phone: string): Promise<string> {
  customerSeq += 1;
  const customerId = `cus-e2e-${customerSeq}`;
  api.answer(customerId, respond.json(seedCustomer({ customer_id: customerId, phone })));
  const minted = await partnerPost("/v1/partner/identity/verification", { provider: "Unit", provider_data: { customer_id: customerId }, user_intent_id: intentId });
  expect(minted.status, JSON.stringify(minted.body)).toBe(200);
  return minted.body.token!;
}

async function authorizeUrl(config: oidc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid phone",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url: url.toString(), verifier, state, nonce };
}

/** The authenticator app's code for a TOTP step the server has not seen used yet. */
function appCodes(uri: () => string) {
  let lastUsedStep = 0;
  return async (): Promise<string> => {
    for (;;) {
      const current = Math.floor(Date.now() / 30_000);
      const step = [current, current + 1].find((candidate) => candidate > lastUsedStep);
      if (step !== undefined) {
        lastUsedStep = step;
        return appCode(uri(), step * 30_000 + 15_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
}

/** As if the SMS resend cooldown had passed for this phone (the next sign-in may send a code). */
async function coolDown(phone: string): Promise<void> {
  await query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]);
}

async function sessionCookieOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

describe("the trusted-auth attack (a partner vouching for a phone)", () => {
  it("SMS once for another partner's user, the authenticator app asked, and a session that can finish only its own request", async () => {
    const phone = testPhone();
    let uri = "";
    const nextAppCode = appCodes(() => uri);

    // The user already uses Other Wallet (SMS sign-in and consent) and has an authenticator app.
    const own = await newPage();
    await own.goto((await authorizeUrl(otherConfig)).url);
    await signInWithSms(own, server.url, phone);
    await own.getByRole("button", { name: "Authorize" }).click();
    await own.waitForURL(/\/demo\/callback\?/);
    await own.goto(`${server.url}/account/security`);
    await own.getByRole("button", { name: "Add an authenticator app" }).click();
    const qr = own.getByTestId("totp-qr");
    await qr.waitFor();
    uri = decodeQrDataUrl((await qr.getAttribute("src"))!);
    await own.getByLabel("Authenticator code").fill(await nextAppCode());
    await own.getByRole("button", { name: "Turn on" }).click();
    await own.getByRole("list", { name: "Recovery codes" }).waitFor();

    // Astra Bank vouches for the same phone: the user must prove it by SMS once (and the app).
    const intentId = await createIntent(phone);
    const first = await newPage();
    const firstRequest = await authorizeUrl(partnerConfig, { session_token: await mintFor(intentId, phone), user_intent_id: intentId });
    await first.goto(firstRequest.url);
    await first.waitForURL(/\/login\?rid=.*error=trusted_auth_sms_required/);
    await expect(first.locator("#phone-error").textContent()).resolves.toContain("Confirm your phone number once");
    await coolDown(phone);
    await first.getByRole("button", { name: "Send code" }).click();
    await first.waitForURL(/\/login\/code\?rid=/);
    await first.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await first.getByRole("button", { name: "Continue" }).click();
    await first.getByLabel("Authenticator code").fill(await nextAppCode());
    await first.getByRole("button", { name: "Verify" }).click();
    await first.waitForURL(/\/login\/consent\?rid=/);
    await first.getByRole("button", { name: "Authorize" }).click();
    await first.waitForURL(/\/demo\/callback\?/);

    // Now linked: trusted auth signs in without SMS, but the authenticator app is still asked.
    const smsBefore = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM sms_messages WHERE "to" = $1`, [phone]))[0]!.n;
    const page = await newPage();
    const request = await authorizeUrl(partnerConfig, { session_token: await mintFor(intentId, phone), user_intent_id: intentId });
    await page.goto(request.url);
    await page.waitForURL(/\/login\/second-factor\?rid=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Two-step verification");
    await page.getByLabel("Authenticator code").fill(await nextAppCode());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const tokens = await oidc.authorizationCodeGrant(partnerConfig, new URL(page.url()), { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    expect(tokens.claims()).toMatchObject({ auth_method: "trusted_auth", amr: ["mfa", "swk"], acr: "urn:trustgate:acr:mfa" });
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM sms_messages WHERE "to" = $1`, [phone]))[0]!.n).toBe(smsBefore);

    // The same browser session cannot finish Other Wallet's request (consent is remembered there:
    // before, this was a code with no screen) — it meets the sign-in page.
    const stolen = await authorizeUrl(otherConfig);
    await page.goto(stolen.url);
    await page.waitForURL(/\/login\?rid=/);
    expect(page.url()).not.toContain("/demo/callback");
    // It cannot mint an addAuthenticator registration token…
    const minted = await page.evaluate(async () => {
      const response = await fetch("/api/devices/registration/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      return { status: response.status, body: await response.json() };
    });
    expect(minted).toMatchObject({ status: 403, body: { error: "session_not_allowed" } });
    // …nor reach the authenticator-app enrolment on /account/security.
    await page.goto(`${server.url}/account/security`);
    await page.getByTestId("session-not-allowed").waitFor();
    expect(await page.getByRole("button", { name: "Add an authenticator app" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Turn off" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(1);

    // The user's own SMS session signs out from /account/*; its copied cookie is then dead.
    await own.goto(`${server.url}/account/devices`);
    const copied = await sessionCookieOf(own);
    await own.getByRole("button", { name: "Sign out" }).click();
    await own.waitForURL(/result=signed_out/);
    await expect(own.getByText("You are signed out.").isVisible()).resolves.toBe(true);
    const replay = await fetch(`${server.url}/account/devices`, { headers: { cookie: `next-auth.session-token=${copied}` } });
    expect(await replay.text()).toContain("Sign in through an application that uses Trustgate to manage your devices.");
  });
});

/** Pages and route handlers that read the session (the source says so), with the method they take. */
function sessionTakingRoutes(): { path: string; method: "GET" | "POST" }[] {
  const found: { path: string; method: "GET" | "POST" }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(page|route)\.tsx?$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8");
        // Routes read the session themselves or declare it (route({ auth: "session" }), lib/http/route.ts).
        if (!/currentSession(User)?\(|requireSessionUser\(|verifyPageEntry\(|auth: "session"/.test(source)) continue;
        const template = `/${path.relative(path.join(ROOT, "app"), path.dirname(full)).split(path.sep).join("/")}`;
        const methods = entry.name.startsWith("page") ? ["GET"] : [...source.matchAll(/export const (GET|POST)\b/g)].map((m) => m[1]!);
        for (const method of methods) found.push({ path: template, method: method as "GET" | "POST" });
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

describe("a revoked device's session", () => {
  const routes = sessionTakingRoutes();

  it("the route list is found from the source and covers pages, route handlers and the upload", () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    for (const expected of ["GET /account/devices", "GET /account/security", "POST /api/devices/registration/token", "GET /login/continue", "GET /login/consent", "POST /verify/document/upload", "GET /verify/personal"]) {
      expect(paths).toContain(expected);
    }
  });

  let revokedToken = "";
  let liveToken = "";
  let rid = "";

  beforeAll(async () => {
    const phone = testPhone();
    const [user] = await query<{ id: string }>(`INSERT INTO users (id, phone, status, updated_at) VALUES (gen_random_uuid(), $1, 'approved', now()) RETURNING id::text`, [phone]);
    const [device] = await query<{ id: string }>(
      `INSERT INTO devices (id, user_id, credential_id, public_key, transports, device_type, backup_eligible, backed_up, user_verified, aaguid, name, revoked_at, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, $2, '\\x01', '{internal}', 'singleDevice', false, false, true, '00000000-0000-0000-0000-000000000000', 'Lost phone', now(), now()) RETURNING id::text`,
      [user!.id, `cred-${randomBytes(8).toString("hex")}`],
    );
    const insertSession = async (deviceId: string | null) => {
      const token = randomBytes(32).toString("base64url");
      await query(
        `INSERT INTO user_sessions (id, token_hash, user_id, phone, auth_method, amr, auth_time, device_id, last_seen_at, expires_at)
         VALUES (gen_random_uuid(), $1, $2::uuid, $3, $4::"AuthMethod", '{hwk,user}', now(), $5::uuid, now(), now() + interval '1 hour')`,
        [createHash("sha256").update(token).digest("hex"), user!.id, phone, deviceId ? "passkey" : "sms_otp", deviceId],
      );
      return token;
    };
    revokedToken = await insertSession(device!.id);
    liveToken = await insertSession(null);
    const started = await fetch((await authorizeUrl(otherConfig)).url, { redirect: "manual" });
    rid = /rid=([^&]+)/.exec(started.headers.get("location") ?? "")![1]!;
  });

  /** What a route shows: status, where it redirects, the page heading and signed-in-only markers. */
  async function signature(route: { path: string; method: "GET" | "POST" }, token: string | null) {
    const url = new URL(`${server.url}${route.path.replace(/\[[^\]]+\]/g, "00000000-0000-0000-0000-000000000000")}`);
    url.searchParams.set("rid", rid);
    const headers: Record<string, string> = { Origin: server.url, ...(token ? { cookie: `next-auth.session-token=${token}` } : {}) };
    const init: RequestInit = route.method === "POST" ? { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: "{}", redirect: "manual" } : { headers, redirect: "manual" };
    const response = await fetch(url, init);
    const body = await response.text();
    return {
      status: response.status,
      location: response.headers.get("location"),
      heading: /<h1[^>]*>([^<]*)</.exec(body)?.[1] ?? null,
      error: /"error":"([a-z_]+)"/.exec(body)?.[1] ?? null,
      signedIn: /aria-label="Your trusted devices"|Add an authenticator app|"requests":/.test(body),
    };
  }

  it("a live session is seen (the control)", async () => {
    expect((await signature({ path: "/account/devices", method: "GET" }, liveToken)).signedIn).toBe(true);
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s answers it like no session at all", async (_name, route) => {
    const anonymous = await signature(route, null);
    const revoked = await signature(route, revokedToken);
    expect(revoked).toEqual(anonymous);
    expect(revoked.signedIn).toBe(false);
  });

  it("the row records why it ended", async () => {
    const [row] = await query<{ revoked_reason: string }>(`SELECT revoked_reason FROM user_sessions WHERE token_hash = $1`, [createHash("sha256").update(revokedToken).digest("hex")]);
    expect(row!.revoked_reason).toBe("device_revoked");
  });
});

describe("OpenID Connect prompt and max_age with openid-client", () => {
  it("prompt=none without a session → login_required at the redirect URI, with iss", async () => {
    const page = await newPage();
    const request = await authorizeUrl(otherConfig, { prompt: "none" });
    await page.goto(request.url);
    await page.waitForURL(/\/demo\/callback\?/);
    const answer = new URL(page.url()).searchParams;
    expect(answer.get("error")).toBe("login_required");
    expect(answer.get("iss")).toBe(server.url);
    await expect(oidc.authorizationCodeGrant(otherConfig, new URL(page.url()), { pkceCodeVerifier: request.verifier, expectedState: request.state })).rejects.toMatchObject({ error: "login_required" });
  });

  it("with a session: none → code; consent → the consent page; login and max_age=0 → sign in again; max_age checked by the client against auth_time", async () => {
    const phone = testPhone();
    const page = await newPage();
    const first = await authorizeUrl(otherConfig, { max_age: "300" });
    await page.goto(first.url);
    await signInWithSms(page, server.url, phone);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const firstTokens = await oidc.authorizationCodeGrant(otherConfig, new URL(page.url()), { pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce, maxAge: 300 });
    const authTime = firstTokens.claims()!.auth_time!;
    expect(firstTokens.claims()).toMatchObject({ amr: ["otp", "sms"], acr: "urn:trustgate:acr:sms", sid: expect.any(String) });
    // A real refresh: the new ID token is the same authentication (Core §12.2) — same session (the
    // `sid` back-channel logout names), auth_time, amr and acr.
    const refreshed = await oidc.refreshTokenGrant(otherConfig, firstTokens.refresh_token!);
    const { sid, sub, amr, acr } = firstTokens.claims()!;
    expect(refreshed.claims()).toMatchObject({ sid, sub, amr, acr, auth_time: authTime });
    expect(refreshed.claims()).not.toHaveProperty("nonce");

    const silent = await authorizeUrl(otherConfig, { prompt: "none" });
    await page.goto(silent.url);
    await page.waitForURL(/\/demo\/callback\?/);
    expect((await oidc.authorizationCodeGrant(otherConfig, new URL(page.url()), { pkceCodeVerifier: silent.verifier, expectedState: silent.state, expectedNonce: silent.nonce })).claims()!.auth_time).toBe(authTime);

    await page.goto((await authorizeUrl(otherConfig, { prompt: "consent" })).url);
    await page.waitForURL(/\/login\/consent\?rid=/);

    await page.goto((await authorizeUrl(otherConfig, { prompt: "login" })).url);
    await page.waitForURL(/\/login\?rid=/);

    // max_age=0: a fresh sign-in, whose auth_time the client checks (allowing its clock tolerance).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await authorizeUrl(otherConfig, { max_age: "0" });
    await page.goto(again.url);
    await page.waitForURL(/\/login\?rid=/);
    await page.getByLabel("Phone number").fill(phone);
    await coolDown(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/demo\/callback\?/);
    const fresh = await oidc.authorizationCodeGrant(otherConfig, new URL(page.url()), { pkceCodeVerifier: again.verifier, expectedState: again.state, expectedNonce: again.nonce, maxAge: 30 });
    expect(fresh.claims()!.auth_time).toBeGreaterThan(authTime);

    // A client that asked max_age refuses an ID token whose auth_time is too old.
    const strict = await authorizeUrl(otherConfig, { max_age: "300" });
    await page.goto(strict.url);
    await page.waitForURL(/\/demo\/callback\?/);
    const strictClient = await oidc.discovery(new URL(server.url), other.client_id, { client_secret: other.client_secret, [oidc.clockTolerance]: 1 }, undefined, { execute: [oidc.allowInsecureRequests] });
    await new Promise((resolve) => setTimeout(resolve, 3100));
    await expect(oidc.authorizationCodeGrant(strictClient, new URL(page.url()), { pkceCodeVerifier: strict.verifier, expectedState: strict.state, expectedNonce: strict.nonce, maxAge: 1 })).rejects.toThrow(
      /timestamp claim|elapsed|auth_time/,
    );
  });
});
