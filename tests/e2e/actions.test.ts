// Risk actions in Chromium with CDP virtual authenticators (one per page): the partner sets rules
// with the CLI and tracks actions over HTTP; the user answers the hosted challenge with the passkey
// of the action's user and lands back on the partner's redirectUrl; the partner validates the token
// once. Another user's device cannot answer, and an unenrolled user signs in by SMS before adding
// this device.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authenticatorOf, launchBrowser, newContextWithAuthenticators, within } from "../support/browser";
import { basicAuth } from "../support/fixtures";
import { latestCode, signInWithSms, testPhone } from "../support/hosted-login";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let browser: Browser;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  partner = JSON.parse(created.stdout);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
});

async function device(): Promise<Page> {
  const context = await newContextWithAuthenticators(browser);
  contexts.push(context);
  const page = await context.newPage();
  await authenticatorOf(page);
  return page;
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

function authorizeUrl(): string {
  const url = new URL(`${server.url}/login/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state: "st" }).toString();
  return url.toString();
}

/** SMS sign-in, Add this device from the offer, then Authorize (the consent links the user to the partner). */
async function enrolAndConsent(page: Page, phone: string): Promise<string> {
  await page.goto(authorizeUrl());
  await signInWithSms(page, server.url, phone);
  await within(page.getByRole("button", { name: "Add this device" }).click(), 10_000, "Add this device");
  await within(page.getByRole("heading", { name: "Trust this device?" }).waitFor({ state: "detached" }), 20_000, "registration");
  await page.getByRole("button", { name: "Authorize" }).click();
  await page.waitForURL(/\/demo\/callback\?/);
  const [user] = await query<{ id: string }>("SELECT id FROM users WHERE phone = $1", [phone]);
  return user!.id;
}

async function partnerCall<T = Record<string, unknown>>(pathname: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${pathname}`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface Tracked {
  state: string;
  token: string;
  url: string | null;
  idempotencyKey: string;
  isEnrolled: boolean;
  ruleIds: string[];
}

const track = (userId: string, action: string, attributes: Record<string, unknown>) => partnerCall<Tracked>(`/v1/users/${userId}/actions/${action}`, { attributes });
const validate = (token: string) => partnerCall(`/v1/validate`, { token });

async function stateOf(idempotencyKey: string): Promise<string> {
  const [row] = await query<{ state: string }>("SELECT state::text AS state FROM actions WHERE idempotency_key = $1", [idempotencyKey]);
  return row!.state;
}

describe("risk actions", () => {
  it("rules set by the CLI decide; the hosted challenge is answered with the passkey, returns to redirectUrl, and validates once", async () => {
    const phone = testPhone();
    const page = await device();
    const userId = await enrolAndConsent(page, phone);

    const rules = {
      defaultOutcome: "ALLOW",
      rules: [{ id: "blocked-network", priority: 1, outcome: "BLOCK", conditions: [{ type: "ip_address", in: ["198.51.100.0/24"] }] }],
    };
    const set = await runCli(["rules", "set", partner.client_id, "withdrawal", JSON.stringify(rules), "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    expect(set.code, set.stderr).toBe(0);
    const bad = await runCli(["rules", "set", partner.client_id, "withdrawal", '{"rules":[{"id":"x","priority":1,"outcome":"NOPE","conditions":[]}]}'], { TRUSTGATE_DATA_DIR: server.dataDir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/rules\.0\.outcome/);

    const blocked = await track(userId, "withdrawal", { ipAddress: "198.51.100.23" });
    expect(blocked.body).toMatchObject({ state: "BLOCK", ruleIds: ["blocked-network"], url: null });
    // ALLOW by default, but this user's passkey requires user verification: challenged instead.
    const tracked = await track(userId, "withdrawal", { ipAddress: "203.0.113.5", redirectUrl: `${server.url}/demo/callback?step=withdrawal` });
    expect(tracked.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: true, ruleIds: [] });

    // The page carries the token in its URL: it must not leak through Referer, nor be framed or cached.
    const head = await fetch(tracked.body.url!);
    expect(head.headers.get("referrer-policy")).toBe("same-origin");
    expect(head.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(head.headers.get("cache-control")).toMatch(/no-store/);
    await page.goto(tracked.body.url!);
    await expect(page.getByTestId("challenge-action").textContent()).resolves.toBe("withdrawal");
    await page.getByRole("button", { name: "Verify with this device" }).click();
    await within(page.waitForURL(/\/demo\/callback\?.*token=/), 20_000, "challenge and return");
    const back = new URL(page.url());
    expect(back.searchParams.get("step")).toBe("withdrawal");
    expect(back.searchParams.get("state")).toBe("CHALLENGE_SUCCEEDED");
    expect(back.searchParams.get("token")).toBe(tracked.body.token);

    expect((await validate(back.searchParams.get("token")!)).body).toEqual({
      isValid: true,
      state: "CHALLENGE_SUCCEEDED",
      userId,
      action: "withdrawal",
      idempotencyKey: tracked.body.idempotencyKey,
      verificationMethod: "DEVICE",
    });
    expect((await validate(tracked.body.token)).body).toMatchObject({ isValid: false, state: "CHALLENGE_SUCCEEDED" });

    const record = await fetch(`${server.url}/v1/users/${userId}/actions/withdrawal/${tracked.body.idempotencyKey}`, { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret) } });
    expect(await record.json()).toMatchObject({ state: "CHALLENGE_SUCCEEDED", verificationMethod: "DEVICE", validated: true });

    // The page is done with it.
    await page.goto(tracked.body.url!);
    await expect(page.locator("h1").textContent()).resolves.toBe("Already confirmed");
  });

  it("the challenge page cannot be answered with another user's passkey", async () => {
    const [alicePage, malloryPage] = [await device(), await device()];
    const alice = await enrolAndConsent(alicePage, testPhone());
    await enrolAndConsent(malloryPage, testPhone());
    const tracked = await track(alice, "withdrawal", { redirectUrl: redirectUri });
    expect(tracked.body.state).toBe("CHALLENGE_REQUIRED");

    // Mallory's browser holds only Mallory's passkey; the challenge allows only Alice's credentials.
    await malloryPage.goto(tracked.body.url!);
    await malloryPage.getByRole("button", { name: "Verify with this device" }).click();
    await within(malloryPage.getByTestId("challenge-error").waitFor(), 20_000, "refusal");
    expect(await stateOf(tracked.body.idempotencyKey)).toBe("CHALLENGE_REQUIRED");
    expect((await validate(tracked.body.token)).body).toMatchObject({ isValid: false, state: "CHALLENGE_REQUIRED" });

    // Alice can still answer it.
    await alicePage.goto(tracked.body.url!);
    await alicePage.getByRole("button", { name: "Verify with this device" }).click();
    await within(alicePage.waitForURL(/\/demo\/callback\?.*token=/), 20_000, "Alice's challenge");
    expect((await validate(tracked.body.token)).body).toMatchObject({ isValid: true, state: "CHALLENGE_SUCCEEDED" });
  });

  it("an unenrolled user signs in by SMS first, then adds this device and verifies with it", async () => {
    const phone = testPhone();
    const [user] = await query<{ id: string }>("INSERT INTO users (id, phone, status, updated_at) VALUES (gen_random_uuid(), $1, 'approved', now()) RETURNING id", [phone]);
    await query("INSERT INTO consents (user_id, client_id, scopes, updated_at) VALUES ($1, $2, ARRAY['openid'], now())", [user!.id, partner.client_id]);
    // No rules for this action: the default is CHALLENGE.
    const tracked = await track(user!.id, "payee_add", { redirectUrl: redirectUri });
    expect(tracked.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: false });

    const page = await device();
    await page.goto(tracked.body.url!);
    // No device to add before a strong sign-in.
    expect(await page.getByRole("button", { name: "Add this device" }).count()).toBe(0);
    await page.getByRole("button", { name: "Text me a code" }).click();
    await page.waitForURL(/sms=sent/);
    await page.getByLabel("Verification code").fill(await latestCode(server.url, phone));
    await page.getByRole("button", { name: "Continue" }).click();
    await within(page.getByRole("button", { name: "Add this device" }).click(), 15_000, "Add this device after SMS");
    await within(page.getByRole("button", { name: "Verify with this device" }).click(), 20_000, "Verify after enrolment");
    await within(page.waitForURL(/\/demo\/callback\?.*token=/), 20_000, "return");
    expect((await validate(tracked.body.token)).body).toMatchObject({ isValid: true, state: "CHALLENGE_SUCCEEDED", verificationMethod: "DEVICE" });
    const [devices] = await query<{ n: number }>("SELECT count(*)::int AS n FROM devices WHERE user_id = $1", [user!.id]);
    expect(devices!.n).toBe(1);
  });
});
