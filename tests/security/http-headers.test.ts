// Browser-facing defences, checked on the production build as a browser meets them: clickjacking
// headers, CSP and Referrer-Policy on every page (RFC 9700 §4.16 and §4.2.4), no-store on token
// responses (RFC 6749 §5.1), CSRF on every form — every server action in the build's manifest and
// next-auth's credentials callback refuse a cross-origin POST and change nothing — and 303, never
// 307, after a form post (RFC 9700 §4.12).
//
// Adding a page: append it to PAGES. Adding a form: nothing to do, server actions are enumerated
// from the build's server-reference manifest.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import buildIfMissing from "../support/e2e-global-setup";
import { basicAuth, validIntent } from "../support/fixtures";
import { ROOT } from "../support/paths";
import { runCli, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let partner: { client_id: string; client_secret: string };
let redirectUri: string;

beforeAll(async () => {
  buildIfMissing();
  server = await startServer();
  redirectUri = `${server.url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", "Security Suite", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  expect(created.code, created.stderr).toBe(0);
  partner = JSON.parse(created.stdout) as typeof partner;
});

afterAll(async () => {
  await server?.stop();
});

/** A fresh hosted sign-in (its rid), as a partner's authorize redirect starts one. */
async function newSignIn(extra: Record<string, string> = {}): Promise<string> {
  const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid phone", state: "s", ...extra });
  const response = await fetch(`${server.url}/login/oauth/authorize?${query}`, { redirect: "manual" });
  const rid = /rid=([^&]+)/.exec(response.headers.get("location") ?? "")?.[1];
  if (!rid) throw new Error(`no rid from authorize: ${response.status} ${response.headers.get("location")}`);
  return rid;
}

/** A standalone /verify link as a partner's app sends it (the page signs a fresh browser in first). */
function verifyLink(kind: "personal" | "business" | "document"): string {
  return `/verify/${kind}?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: redirectUri, state: "s" })}`;
}

let signedIn: Promise<{ cookie: string }> | undefined;
/** One end-user session (SMS sign-in through next-auth), shared by the account pages. */
async function withSession(path: string, shows: string): Promise<PageTarget> {
  signedIn ??= signInBySms("+14155550785");
  return { path, cookie: (await signedIn).cookie, shows };
}

/**
 * A verification form as its user meets it: a partner's UserIntent set to `status` by an operator,
 * signed in by SMS inside that authorize request; the page is fetched with the session and the rid.
 */
async function verifyForm(kind: "personal" | "business" | "document", phone: string, shows: string): Promise<PageTarget> {
  const intentResponse = await fetch(`${server.url}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone, type: kind === "business" ? "business" : "personal" })),
  });
  expect(intentResponse.status).toBe(201);
  const intent = (await intentResponse.json()) as { id: string };
  const set = await runCli(["intent", "set-status", intent.id, kind === "document" ? "document" : "retry", "--reason", "security suite"], { TRUSTGATE_DATA_DIR: server.dataDir });
  expect(set.code, set.stderr).toBe(0);
  const rid = await newSignIn({ user_intent_id: intent.id, phone, phone_read_only: "true" });
  const { cookie } = await signInBySms(phone, "", rid);
  return { path: `/verify/${kind}?rid=${rid}`, cookie, shows };
}

/** A page to fetch: its path, or its path with a session cookie and a text only the signed-in page shows. */
type PageTarget = string | { path: string; cookie: string; shows: string };

/** [label, path builder]. Every hosted page, including error pages. */
const PAGES: [string, () => Promise<PageTarget>][] = [
  ["home", async () => "/"],
  ["phone page", async () => `/login?rid=${await newSignIn()}`],
  ["phone page, expired request", async () => "/login?rid=00000000-0000-4000-8000-000000000000"],
  ["code page (redirects without the phone cookie)", async () => `/login/code?rid=${await newSignIn()}`],
  ["consent page", async () => `/login/consent?rid=${await newSignIn()}`],
  ["status page", async () => `/login/status?rid=${await newSignIn()}`],
  ["second-factor page (after trusted auth)", async () => `/login/second-factor?rid=${await newSignIn()}`],
  ["authorize error page", async () => "/login/oauth/authorize?client_id=nope&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"],
  ["verify personal, standalone link (signs the browser in first)", async () => verifyLink("personal")],
  ["verify business, standalone link", async () => verifyLink("business")],
  ["verify document, standalone link", async () => verifyLink("document")],
  ["verify personal (a retry user)", async () => verifyForm("personal", "+14155550786", "Submit for review")],
  ["verify business (a retry user of a business intent)", async () => verifyForm("business", "+14155550787", "Beneficial owners")],
  ["verify document (a document user)", async () => verifyForm("document", "+14155550788", "Upload for review")],
  ["verify link error page", async () => "/verify/personal"],
  ["account security, signed out", async () => "/account/security"],
  ["account security, signed in", async () => withSession("/account/security", "Add an authenticator app")],
  ["account devices, signed out", async () => "/account/devices"],
  ["account devices, signed in", async () => withSession("/account/devices", "No trusted devices yet.")],
  ["device approval (trusted device)", async () => "/account/approve"],
  ["device approval, opened from a QR code", async () => "/account/approve?request=00000000-0000-4000-8000-000000000000"],
  ["web SDK window (popup only, never framed), unregistered origin", async () => "/sdk/v1/window?client_id=nope&origin=https%3A%2F%2Fevil.example"],
  ["risk-action challenge, bad link", async () => "/challenge/00000000-0000-4000-8000-000000000000?token=tga_nope"],
  ["admin sign-in", async () => "/admin/login"],
  ["admin sign-in, authenticator step (redirects without a ticket)", async () => "/admin/login/totp"],
  ["admin dashboard (redirects to sign-in)", async () => "/admin"],
  ["API reference", async () => "/docs"],
  ["demo callback", async () => "/demo/callback?code=x&state=y"],
  ["development outbox", async () => "/dev/outbox"],
  ["not found", async () => "/no-such-page"],
];

function expectBrowserDefences(response: Response, label: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).toContain("base-uri 'none'");
  expect(csp, label).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp, label).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp, label).not.toMatch(/script-src[^;]*'unsafe-eval'/);
  expect(response.headers.get("x-frame-options"), label).toBe("DENY");
  expect(response.headers.get("referrer-policy"), label).toBe("same-origin");
  expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(response.headers.get("x-powered-by"), label).toBeNull();
}

describe("every page: clickjacking, CSP, Referrer-Policy", () => {
  it.each(PAGES)("rfc9700-4.16-clickjacking-and-csp: %s", async (label, pathOf) => {
    const target = await pathOf();
    const { path, cookie, shows } = typeof target === "string" ? { path: target, cookie: "", shows: undefined } : target;
    const response = await fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
    expect(response.status, label).toBeLessThan(500);
    expectBrowserDefences(response, label);
    if (shows) expect(await response.clone().text(), label).toContain(shows);
    if ((response.headers.get("content-type") ?? "").includes("text/html") && label !== "API reference") {
      // Next.js puts the per-request nonce on its own scripts; no inline script runs without it.
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
      const html = await response.text();
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, label).toContain(`nonce="${nonce}"`);
    }
  });

  it("rfc9700-4.2.4-referrer-policy-on-hosted-pages: a new nonce on every response", async () => {
    const path = `/login?rid=${await newSignIn()}`;
    const [a, b] = await Promise.all([fetch(`${server.url}${path}`), fetch(`${server.url}${path}`)]);
    expect(a.headers.get("referrer-policy")).toBe("same-origin");
    expect(a.headers.get("content-security-policy")).not.toBe(b.headers.get("content-security-policy"));
  });
});

describe("token responses", () => {
  it("rfc6749-5.1-token-response-no-store", async () => {
    const auth = `Basic ${Buffer.from(`${partner.client_id}:${partner.client_secret}`).toString("base64")}`;
    const form = (body: Record<string, string>) => ({ method: "POST", headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
    const token = await fetch(`${server.url}/v1/oauth/token`, form({ grant_type: "client_credentials" }));
    expect(token.status).toBe(200);
    const failed = await fetch(`${server.url}/v1/oauth/token`, form({ grant_type: "authorization_code", code: "nope", redirect_uri: redirectUri }));
    const { access_token } = (await token.json()) as { access_token: string };
    const introspection = await fetch(`${server.url}/v1/oauth/introspect`, form({ token: access_token }));
    for (const [label, response] of [
      ["token", token],
      ["failed token", failed],
      ["introspection", introspection],
    ] as const) {
      expect(response.headers.get("cache-control"), label).toBe("no-store");
      expect(response.headers.get("pragma"), label).toBe("no-cache");
      expect(response.headers.get("x-frame-options"), label).toBe("DENY");
    }
  });
});

// ── CSRF ───────────────────────────────────────────────────────────────────────────────────────
interface ServerReferenceManifest {
  node: Record<string, { exportedName?: string; filename?: string }>;
}

function serverActions(): { id: string; name: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as ServerReferenceManifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, name: `${entry.filename ?? "?"}#${entry.exportedName ?? "?"}` }));
}

async function actionIdOn(html: string): Promise<string> {
  const id = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(html)?.[1];
  if (!id) throw new Error("no server action form on the page");
  return id;
}

function actionPost(actionId: string, fields: Record<string, string>, origin: string | null, referer: string) {
  const form = new FormData();
  form.append(`$ACTION_ID_${actionId}`, "");
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const headers: Record<string, string> = { Referer: referer };
  if (origin) headers.Origin = origin;
  return fetch(`${server.url}${new URL(referer).pathname}${new URL(referer).search}`, { method: "POST", body: form, headers, redirect: "manual" });
}

async function outboxCount(phone: string): Promise<number> {
  const response = await fetch(`${server.url}/dev/outbox.json?to=${encodeURIComponent(phone)}`);
  return ((await response.json()) as unknown[]).length;
}

describe("CSRF on every form", () => {
  it("the build has server actions to check (the manifest is where forms are found)", () => {
    expect(serverActions().length).toBeGreaterThanOrEqual(3);
  });

  it("csrf-server-action-phone-form: a cross-origin POST sends no code; same-origin works and answers 303 (rfc9700-4.12-no-307)", async () => {
    const rid = await newSignIn();
    const page = `${server.url}/login?rid=${rid}`;
    const actionId = await actionIdOn(await (await fetch(page)).text());
    const phone = "+14155550777";
    for (const origin of ["https://evil.example", "null", `http://127.0.0.1:${server.port + 1}`]) {
      const response = await actionPost(actionId, { rid, phone }, origin, page);
      expect(response.status, origin).toBe(403);
      expect(await response.json()).toEqual({ error: "cross_origin_form_post", error_description: "Cross-origin form posts are refused" });
      expect(response.headers.get("location"), origin).toBeNull();
      expect(response.headers.get("set-cookie") ?? "", origin).not.toContain("tg_login_phone");
    }
    expect(await outboxCount(phone)).toBe(0);

    const sameOrigin = await actionPost(actionId, { rid, phone }, server.url, page);
    expect(sameOrigin.status).toBe(303);
    expect(sameOrigin.headers.get("location")).toMatch(/^\/login\/code\?rid=/);
    expect(await outboxCount(phone)).toBe(1);
  });

  it("csrf-every-server-action: each action in the build refuses a cross-origin POST", async () => {
    const rid = await newSignIn();
    const page = `${server.url}/login?rid=${rid}`;
    const actions = serverActions();
    for (const action of actions) {
      const response = await actionPost(action.id, { rid, phone: "+14155550778", decision: "allow" }, "https://evil.example", page);
      expect(response.status, action.name).toBe(403);
      expect(response.headers.get("location"), action.name).toBeNull();
      expect(response.headers.get("set-cookie") ?? "", action.name).not.toMatch(/next-auth\.session-token|tg_login_phone/);
    }
    expect(await outboxCount("+14155550778")).toBe(0);
  });

  it("csrf-next-auth-credentials: the SMS sign-in callback without next-auth's CSRF token signs nobody in and spends no code", async () => {
    const rid = await newSignIn();
    const phone = "+14155550779";
    const page = `${server.url}/login?rid=${rid}`;
    const actionId = await actionIdOn(await (await fetch(page)).text());
    expect((await actionPost(actionId, { rid, phone }, server.url, page)).status).toBe(303);
    const messages = (await (await fetch(`${server.url}/dev/outbox.json?to=${encodeURIComponent(phone)}`)).json()) as { body: string }[];
    const code = /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;

    const forged = await fetch(`${server.url}/api/auth/callback/sms`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ phone, code, rid, json: "true" }),
    });
    expect(forged.headers.get("set-cookie") ?? "").not.toContain("next-auth.session-token");

    // The real client (with the CSRF cookie and token) can still use the code: nothing was spent.
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = (csrf.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
    const real = await fetch(`${server.url}/api/auth/callback/sms`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ phone, code, rid, csrfToken, json: "true" }),
    });
    expect(real.headers.getSetCookie().join("\n")).toContain("next-auth.session-token");
  });

  it("rfc9700-4.12-no-307-after-form-post", async () => {
    const rid = await newSignIn();
    const page = `${server.url}/login?rid=${rid}`;
    const actionId = await actionIdOn(await (await fetch(page)).text());
    const response = await actionPost(actionId, { rid, phone: "+14155550780" }, server.url, page);
    expect(response.status).toBe(303);
    // And next-auth's credentials callback does not answer 307/308 either.
    const { cookie } = await signInBySms("+14155550781");
    expect(cookie).toContain("next-auth.session-token");
  });
});

/** Signs in through next-auth's SMS credentials callback as the hosted page does; returns the callback's status and cookies. */
async function signInBySms(phone: string, extraCookie = "", signInRid?: string): Promise<{ status: number; cookie: string; sessionToken: string }> {
  const rid = signInRid ?? (await newSignIn());
  const page = `${server.url}/login?rid=${rid}`;
  const actionId = await actionIdOn(await (await fetch(page)).text());
  expect((await actionPost(actionId, { rid, phone }, server.url, page)).status).toBe(303);
  const messages = (await (await fetch(`${server.url}/dev/outbox.json?to=${encodeURIComponent(phone)}`)).json()) as { body: string }[];
  const code = /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${server.url}/api/auth/callback/sms`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: [csrfCookie, extraCookie].filter(Boolean).join("; ") },
    body: new URLSearchParams({ phone, code, rid, csrfToken, json: "true" }),
  });
  expect([307, 308]).not.toContain(response.status);
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("next-auth.session-token="))?.split(";")[0] ?? "";
  return { status: response.status, cookie: session, sessionToken: session.split("=")[1] ?? "" };
}

async function sessionOf(cookie: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${server.url}/api/auth/session`, { headers: { Cookie: cookie } })).json()) as Record<string, unknown>;
}

describe("ASVS 5.0 V7 end-user sessions", () => {
  it("asvs-7.2.1-session-verified-server-side", async () => {
    const { cookie, sessionToken } = await signInBySms("+14155550782");
    expect((await sessionOf(cookie)).user).toMatchObject({ phone: "+14155550782", authMethod: "sms_otp" });
    // A tampered or self-made cookie is no session: the server checks it, the browser is not trusted.
    const flipped = `${sessionToken.slice(0, -4)}${sessionToken.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect(await sessionOf(`next-auth.session-token=${flipped}`)).toEqual({});
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: "x", phone: "+14155550782" })).toString("base64url")}.`;
    expect(await sessionOf(`next-auth.session-token=${unsigned}`)).toEqual({});
  });

  it("asvs-7.2.4-new-session-token-on-authentication", async () => {
    // A session fixation attempt: the browser arrives with a cookie the attacker chose.
    const fixed = "attacker-chosen-session-value";
    const first = await signInBySms("+14155550783", `next-auth.session-token=${fixed}`);
    expect(first.sessionToken).toBeTruthy();
    expect(first.sessionToken).not.toBe(fixed);
    // Signing in again (re-authentication) issues another token.
    const second = await signInBySms("+14155550784", first.cookie);
    expect(second.sessionToken).toBeTruthy();
    expect(second.sessionToken).not.toBe(first.sessionToken);
  });
});
