// Approve from a trusted device across two Trustgate processes on one PostgreSQL database, behind
// one public URL (a small load balancer in the test; both instances have TRUSTGATE_URL set to it,
// as in production, so the passkey's RP ID and origin hold on either). A sign-in waits on instance
// A; the trusted device, sent to instance B, sees the same number and answers with a real WebAuthn
// assertion from Chromium's virtual platform authenticator; the waiting side, polling A, completes
// — and the approval is spent once, however many pollers race for it on both instances.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { LOGIN_REQUEST_RATE_WINDOW_S, LOGIN_REQUESTS_PER_PHONE } from "@/lib/config/limits";
import { db, disconnectDb } from "@/lib/db";
import { authenticatorOf, launchBrowser, newContextWithAuthenticators, within } from "../support/browser";
import { faultDatabase } from "../support/faults";
import { basicAuth, createTestClient } from "../support/fixtures";
import { signInWithSms, testPhone } from "../support/hosted-login";
import { INSTANCE_HEADER, startLoadBalancer, type LoadBalancer } from "../support/load-balancer";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { startServer, type RunningServer } from "../support/server";

type Instance = "a" | "b";

let cluster: PrivatePostgres;
let balancer: LoadBalancer;
let servers: RunningServer[] = [];
let browser: Browser;
let partner: CreatedClient;
let redirectUri: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!privatePostgresAvailable()) return;
  cluster = await startPrivatePostgres();
  const database = await faultDatabase(cluster, "tg_faults_devices");
  balancer = await startLoadBalancer();
  // Codes go to the development outbox (a production server on PostgreSQL would use Twilio).
  const env = { ...database.env, TRUSTGATE_URL: balancer.url, SMS_PROVIDER: "outbox" };
  [servers, browser] = await Promise.all([Promise.all([startServer({ env }), startServer({ env })]), launchBrowser()]);
  balancer.instances.set("a", servers[0]!.port);
  balancer.instances.set("b", servers[1]!.port);
  redirectUri = `${balancer.url}/demo/callback`;
  partner = await createTestClient({ name: "Acme Bank", redirectUris: [redirectUri] });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.stop()));
  await balancer?.close();
  await disconnectDb();
  await cluster?.destroy();
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
});

/** A browser profile = a device, which the load balancer sends to `instance` until told otherwise. */
async function device(instance: Instance): Promise<Page> {
  const context = await newContextWithAuthenticators(browser, { extraHTTPHeaders: { [INSTANCE_HEADER]: instance } });
  contexts.push(context);
  const page = await context.newPage();
  await authenticatorOf(page);
  return page;
}

async function sendTo(page: Page, instance: Instance): Promise<void> {
  await page.context().setExtraHTTPHeaders({ [INSTANCE_HEADER]: instance });
}

function authorizeUrl(state = "st"): string {
  const url = new URL(`${balancer.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state }).toString();
  return url.toString();
}

/** SMS sign-in, then "Add this device" on the consent page: the passkey is registered. */
async function enrolDevice(page: Page, phone: string): Promise<void> {
  await page.goto(authorizeUrl());
  await signInWithSms(page, balancer.url, phone);
  await within(page.getByRole("button", { name: "Add this device" }).click(), 10_000, "Add this device");
  await within(page.getByRole("heading", { name: "Trust this device?" }).waitFor({ state: "detached" }), 20_000, "registration");
  expect(await (await authenticatorOf(page)).credentials()).toHaveLength(1);
}

async function requestApproval(page: Page, phone: string): Promise<string> {
  await page.goto(authorizeUrl());
  await page.waitForURL(/\/login\?rid=/);
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Approve on my other device" }).click();
  const code = page.getByTestId("login-request-code");
  await within(code.waitFor(), 15_000, "the waiting screen");
  return (await code.textContent())!.trim();
}

/** The trusted device lists what waits for it and answers the request showing `code`. */
async function decide(page: Page, code: string, decision: "Approve" | "Reject"): Promise<void> {
  await page.goto(`${balancer.url}/account/approve`);
  await page.getByRole("button", { name: "Check for sign-in requests" }).click();
  const request = page.getByTestId("sign-in-request");
  await within(request.waitFor(), 15_000, "the request list");
  expect(await request.count()).toBe(1);
  await expect(request.textContent()).resolves.toContain("Acme Bank wants to sign you in");
  // Typed number matching: the user types what the waiting device shows.
  if (decision === "Approve") await request.getByLabel("Number shown on the other device").fill(code);
  await request.getByRole("button", { name: decision }).click();
  const done = decision === "Approve" ? "Approved" : "Rejected";
  await within(page.getByTestId("sign-in-requests-message").filter({ hasText: done }).waitFor(), 15_000, done);
}

/** Bodies the page posted to a decision endpoint (each holds a signed assertion). */
function recordDecisions(page: Page): string[] {
  const bodies: string[] = [];
  page.on("request", (request) => {
    if (/\/api\/devices\/requests\/[^/]+\/decision$/.test(request.url())) bodies.push(request.postData() ?? "");
  });
  return bodies;
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string };
}

async function call(instance: Instance, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer> {
  const response = await fetch(`${balancer.url}${path}`, {
    method: init.method ?? "POST",
    headers: { [INSTANCE_HEADER]: instance, ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

/** The partner's backend, authenticated as the client, through the public URL to `instance`. */
function partnerCall(instance: Instance, path: string, body: unknown): Promise<Answer> {
  return call(instance, path, { body, headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!) } });
}

/** What Trustgate's own pages would post (same-origin), sent to `instance`. */
function pageCall(instance: Instance, path: string, body: unknown): Promise<Answer> {
  return call(instance, path, { body, headers: { Origin: balancer.url } });
}

async function signedInEvents(loginRequestId: string): Promise<number> {
  const events = await db().auditEvent.findMany({ where: { type: "user.signed_in" } });
  return events.filter((event) => (event.data as Record<string, unknown> | null)?.login_request_id === loginRequestId).length;
}

describe.runIf(privatePostgresAvailable())("approve from a trusted device across two instances", () => {
  it("a new browser waits on A, the trusted device approves on B typing the number, the browser finishes on A signed in with trusted_device; the approval is spent once", async () => {
    const phone = testPhone();
    const laptop = await device("a");
    await enrolDevice(laptop, phone);
    const [trusted] = await db().device.findMany({ where: { user: { phone } } });
    // From now on the load balancer sends the laptop to B, with the session cookie A issued.
    await sendTo(laptop, "b");
    const decisions = recordDecisions(laptop);

    const newBrowser = await device("a");
    const code = await requestApproval(newBrowser, phone);
    expect(code).toMatch(/^\d{2}$/);
    const request = await db().loginRequest.findFirstOrThrow({ where: { phone, status: "pending" } });
    expect(request.code).toBe(code);

    await decide(laptop, code, "Approve");
    await within(newBrowser.waitForURL(/\/login\/consent\?/), 20_000, "the waiting browser continuing");
    await newBrowser.getByRole("button", { name: "Authorize" }).click();
    await newBrowser.waitForURL(/\/demo\/callback\?/);

    // The partner redeems the code on B and reads how the user signed in.
    const authorizationCode = new URL(newBrowser.url()).searchParams.get("code")!;
    const tokens = await call("b", "/v1/oauth/token", {
      body: new URLSearchParams({ grant_type: "authorization_code", code: authorizationCode, redirect_uri: redirectUri }).toString(),
      headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(tokens.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    expect(claims).toMatchObject({ auth_method: "trusted_device", amr: ["hwk", "user", "mca"] });

    // Each step ran where the test sent it: waiting and finishing on A, deciding on B.
    expect(new Set(balancer.instancesFor(/^\/api\/devices\/login-requests/))).toEqual(new Set(["a"]));
    expect(balancer.instancesFor(/^\/api\/devices\/requests\/[^/]+\/(options|decision)$/)).toEqual(["b", "b"]);
    expect(balancer.instancesFor(/^\/api\/auth\/callback\/trusted-device/)).toEqual(["a"]);

    const decided = await db().loginRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(decided).toMatchObject({ status: "approved", deviceId: trusted!.id });
    expect(decided.redeemedAt).not.toBeNull();
    expect(await signedInEvents(request.id)).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "login_request.approved", subjectId: request.id } })).toBe(1);

    // A second approval through A: the signed answer replayed, and a fresh ceremony, are refused.
    expect(decisions).toHaveLength(1);
    const replay = await pageCall("a", `/api/devices/requests/${request.id}/decision`, decisions[0]!);
    expect(replay).toMatchObject({ status: 404, body: { error: "login_request_not_found" } });
    const again = await pageCall("a", `/api/devices/requests/${request.id}/options`, { decision: "approve" });
    expect(again).toMatchObject({ status: 404, body: { error: "login_request_not_found" } });
    await sendTo(laptop, "a");
    await laptop.goto(`${balancer.url}/account/approve`);
    await laptop.getByRole("button", { name: "Check for sign-in requests" }).click();
    await within(laptop.getByText("No sign-in requests are waiting.").waitFor(), 15_000, "the empty list on A");
    expect(await db().loginRequest.findUniqueOrThrow({ where: { id: request.id } })).toEqual(decided);
  });

  it("a partner's login request created on A and approved on B: of ten polls racing on both instances, exactly one carries the tokens", async () => {
    const phone = testPhone();
    const laptop = await device("a");
    await enrolDevice(laptop, phone);
    await sendTo(laptop, "b");

    const created = await partnerCall("a", "/v1/login_requests", { identifier: phone, scope: "openid phone" });
    expect(created).toMatchObject({ status: 201, body: { status: "pending" } });
    const { id, secret, code } = created.body as { id: string; secret: string; code: string };
    const poll = (instance: Instance) => partnerCall(instance, `/v1/login_requests/${id}/poll`, { secret });
    expect(await poll("a")).toMatchObject({ status: 200, body: { status: "pending", approved: false } });

    await decide(laptop, code, "Approve");
    const polls = await Promise.all(Array.from({ length: 10 }, (_, i) => poll(i % 2 ? "b" : "a")));
    const winners = polls.filter((answer) => answer.body.oauth_token);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.body).toMatchObject({ status: "approved", approved: true, method: "TRUSTED_DEVICE", oauth_token: { token_type: "Bearer", auth_method: "TRUSTED_DEVICE" } });
    // The losers either saw it redeemed already or lost the race to spend it.
    for (const answer of polls.filter((polled) => !polled.body.oauth_token)) {
      expect([`200 redeemed`, `404 login_request_not_found`]).toContain(`${answer.status} ${answer.body.status ?? answer.body.error}`);
    }
    expect(await poll("a")).toMatchObject({ status: 200, body: { status: "redeemed" } });
    expect((await poll("a")).body.oauth_token).toBeUndefined();

    // The tokens are good on both instances.
    const { access_token: accessToken } = winners[0]!.body.oauth_token as { access_token: string };
    for (const instance of ["a", "b"] as const) {
      const userinfo = await call(instance, "/v1/oauth/userinfo", { method: "GET", headers: { Authorization: `Bearer ${accessToken}` } });
      // The user never consented to this partner: userinfo names the user (sub) and nothing else (scope AND consent).
      expect(userinfo).toMatchObject({ status: 200, body: { sub: (await db().user.findUniqueOrThrow({ where: { phone } })).id } });
      expect((userinfo.body as Record<string, unknown>).phone_number).toBeUndefined();
    }
    const row = await db().loginRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("approved");
    expect(row.redeemedAt).not.toBeNull();
    expect(await signedInEvents(id)).toBe(1);
    const user = await db().user.findUniqueOrThrow({ where: { phone } });
    expect(await db().refreshToken.count({ where: { userId: user.id, authMethod: "trusted_device" } })).toBe(1);
  });

  it("rejected on B from the passkey alone (no session): A's poll says rejected and never carries tokens; an expired request reads expired on both", async () => {
    const phone = testPhone();
    const laptop = await device("a");
    await enrolDevice(laptop, phone);
    await laptop.context().clearCookies(); // signed out: the passkey says whose requests to list
    await sendTo(laptop, "b");

    const created = await partnerCall("a", "/v1/login_requests", { identifier: phone });
    const { id, secret, code } = created.body as { id: string; secret: string; code: string };
    await decide(laptop, code, "Reject");
    for (const instance of ["a", "b"] as const) {
      const polled = await partnerCall(instance, `/v1/login_requests/${id}/poll`, { secret });
      expect(polled).toMatchObject({ status: 200, body: { status: "rejected", approved: false, user_id: null } });
      expect(polled.body.oauth_token).toBeUndefined();
    }
    expect(await db().loginRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "rejected", redeemedAt: null });
    expect(await signedInEvents(id)).toBe(0);

    // Expiry is a deadline in the database, so both instances agree on it.
    const late = await partnerCall("b", "/v1/login_requests", { identifier: phone });
    const pending = late.body as { id: string; secret: string };
    await db().loginRequest.update({ where: { id: pending.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const instance of ["a", "b"] as const) {
      expect(await partnerCall(instance, `/v1/login_requests/${pending.id}/poll`, { secret: pending.secret })).toMatchObject({ status: 200, body: { status: "expired" } });
      expect(await pageCall(instance, `/api/devices/requests/${pending.id}/options`, { decision: "approve" })).toMatchObject({ status: 404, body: { error: "login_request_not_found" } });
    }
  });

  it(`push-bombing is bounded across both: after ${LOGIN_REQUESTS_PER_PHONE} requests for one phone, alternating instances, either refuses the next`, async () => {
    // Fixed windows: do not start the burst in the last seconds of one.
    const intoWindow = Date.now() % (LOGIN_REQUEST_RATE_WINDOW_S * 1000);
    if (LOGIN_REQUEST_RATE_WINDOW_S * 1000 - intoWindow < 10_000) await new Promise((resolve) => setTimeout(resolve, LOGIN_REQUEST_RATE_WINDOW_S * 1000 - intoWindow + 100));
    const phone = testPhone(); // nobody's phone: requests are created (and expire) all the same
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_REQUESTS_PER_PHONE; i += 1) {
      statuses.push((await partnerCall(i % 2 ? "b" : "a", "/v1/login_requests", { identifier: phone, ip_address: `198.51.100.${i + 1}` })).status);
    }
    expect(statuses).toEqual(Array(LOGIN_REQUESTS_PER_PHONE).fill(201));
    for (const instance of ["a", "b"] as const) {
      expect(await partnerCall(instance, "/v1/login_requests", { identifier: phone, ip_address: "198.51.100.200" })).toMatchObject({ status: 429, body: { error: "login_request_rate_limited" } });
    }
    expect(await db().loginRequest.count({ where: { phone } })).toBe(LOGIN_REQUESTS_PER_PHONE);
  });
});
