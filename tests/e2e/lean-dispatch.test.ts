// The lean dispatch path (lib/server/lean-routes.ts) answers the hot OAuth endpoints without
// Next.js's router. Two production servers — one with it, one with TRUSTGATE_LEAN_DISPATCH=off —
// get the same requests, successes and every kind of error: status, headers and bodies must agree
// (token values aside), so partners cannot tell which path answered.
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../support/fixtures";
import { runCli, startServer, type RunningServer } from "../support/server";

interface Side {
  server: RunningServer;
  client: { client_id: string; client_secret: string };
}

let lean: Side;
let next: Side;

async function side(env: Record<string, string>): Promise<Side> {
  const server = await startServer({ env });
  const created = await runCli(["client", "create", "--name", "Lean", "--redirect-uri", "https://lean.example/cb", "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
  if (created.code !== 0) throw new Error(created.stderr);
  return { server, client: JSON.parse(created.stdout) as Side["client"] };
}

beforeAll(async () => {
  [lean, next] = await Promise.all([side({}), side({ TRUSTGATE_LEAN_DISPATCH: "off" })]);
});

afterAll(async () => {
  await Promise.all([lean?.server.stop(), next?.server.stop()]);
});

// Transport-level headers that legitimately differ: framing (Next.js streams chunked, the lean path
// sends Content-Length), Next's own RSC cache key in Vary, and Next's gzip when a client asks for it.
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "vary", "content-encoding"]);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  vary: string | null;
}

/** Values that differ per server or per token, replaced by their shape. */
function normalise(value: unknown, base: string): unknown {
  if (typeof value === "string") {
    if (value.startsWith(base)) return `<base>${value.slice(base.length)}`;
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) return "<jwt>";
    if (/^tgr_/.test(value)) return "<refresh_token>";
    return value;
  }
  if (typeof value === "number") return "<number>";
  if (Array.isArray(value)) return value.map((item) => normalise(item, base));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ["x", "y", "n", "kid", "client_id", "sub", "aud", "jti"].includes(key) ? "<id>" : normalise(item, base)]));
  }
  return value;
}

type Req = { method: string; path: string; headers?: Record<string, string>; body?: string };
type Build = (s: Side) => Req | Promise<Req>;

async function ask(s: Side, build: Build): Promise<Answer> {
  const request = await build(s);
  const response = await fetch(`${s.server.url}${request.path}`, {
    method: request.method,
    headers: { "X-Request-Id": "compare-0001", ...request.headers },
    body: request.body,
    redirect: "manual",
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (TRANSPORT.has(name)) return;
    // Each server has its own keys: the JWKS validator differs in value, not in shape.
    headers[name] =
      name === "content-security-policy"
        ? value.replace(/'nonce-[^']+'/, "'nonce-…'")
        : name === "etag" && /^"[A-Za-z0-9_-]+"$/.test(value)
          ? "<etag>"
          : // A new authorization request per server: its id differs, not the step it leads to.
            name === "location"
            ? value.replace(/([?&]rid=)[A-Za-z0-9_-]+/, "$1<rid>").replace(encodeURIComponent(s.server.url), "<base>")
            : value;
  });
  // Pages carry the per-request CSP nonce in their markup too.
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const text = nonce ? (await response.text()).replaceAll(nonce, "<nonce>") : await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : "";
  } catch {
    /* not JSON: compared as text */
  }
  return { status: response.status, headers, body: normalise(body, s.server.url), vary: response.headers.get("vary") };
}

async function compare(build: Build): Promise<{ lean: Answer; next: Answer }> {
  const [a, b] = await Promise.all([ask(lean, build), ask(next, build)]);
  expect({ status: a.status, headers: a.headers, body: a.body }).toEqual({ status: b.status, headers: b.headers, body: b.body });
  return { lean: a, next: b };
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const partner = (s: Side, secret = s.client.client_secret) => ({ Authorization: basicAuth(s.client.client_id, secret), ...FORM });
const token =
  (body: string, headers: (s: Side) => Record<string, string> = partner) =>
  (s: Side): Req => ({ method: "POST", path: "/v1/oauth/token", headers: headers(s), body });

async function accessTokenOf(s: Side): Promise<string> {
  const response = await fetch(`${s.server.url}/v1/oauth/token`, { method: "POST", headers: partner(s), body: "grant_type=client_credentials" });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("lean dispatch path and Next.js answer alike", () => {
  it("really takes two paths: only Next.js adds its RSC Vary header", async () => {
    const { lean: a, next: b } = await compare(token("grant_type=client_credentials"));
    expect(a.status).toBe(200);
    expect(b.vary).toMatch(/rsc/);
    expect(a.vary ?? "").not.toMatch(/rsc/);
  });

  it("client_credentials: same token response shape, no-store, security headers and request id", async () => {
    const { lean: a } = await compare(token("grant_type=client_credentials"));
    expect(a.headers).toMatchObject({ "cache-control": "no-store", pragma: "no-cache", "x-request-id": "compare-0001", "x-frame-options": "DENY" });
    expect(a.body).toEqual({ access_token: "<jwt>", token_type: "Bearer", expires_in: "<number>", scope: "" });
  });

  it.each([
    ["wrong secret", token("grant_type=client_credentials", (s) => partner(s, "wrong"))],
    ["no client authentication", token("grant_type=client_credentials", () => FORM)],
    ["malformed Basic header", token("grant_type=client_credentials", () => ({ Authorization: "Basic !!!", ...FORM }))],
    ["missing grant_type", token("scope=openid")],
    ["unsupported grant_type", token("grant_type=password&username=a&password=b")],
    ["repeated parameter", token("grant_type=client_credentials&grant_type=client_credentials")],
    ["control characters", token("grant_type=client_credentials&scope=%00")],
    ["scope on client_credentials", token("grant_type=client_credentials&scope=openid")],
    ["unknown refresh token", token("grant_type=refresh_token&refresh_token=tgr_unknown")],
    ["unknown authorization code", token("grant_type=authorization_code&code=nope&redirect_uri=https%3A%2F%2Flean.example%2Fcb&code_verifier=" + "a".repeat(43))],
    ["JSON instead of a form", token('{"grant_type":"client_credentials"}', (s) => ({ ...partner(s), "Content-Type": "application/json" }))],
    ["body over the size cap", token(`grant_type=client_credentials&pad=${"a".repeat(70 * 1024)}`)],
    ["a query string beside the form", (s: Side) => ({ ...token("grant_type=client_credentials")(s), path: "/v1/oauth/token?grant_type=password" })],
  ])("token endpoint error: %s", async (_name, build) => {
    await compare(build);
  });

  it("DPoP (issue 17): a bound token, and a proof for another URI, answered alike", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const jwk = await exportJWK(publicKey);
    const proof = (htu: string) => new SignJWT({ htm: "POST", htu, jti: randomUUID() }).setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk }).setIssuedAt().sign(privateKey);
    const withProof =
      (path: string) =>
      async (s: Side): Promise<Req> => ({ ...token("grant_type=client_credentials")(s), headers: { ...partner(s), DPoP: await proof(`${s.server.url}${path}`) } });
    const { lean: a } = await compare(withProof("/v1/oauth/token"));
    expect(a.body).toEqual({ access_token: "<jwt>", token_type: "DPoP", expires_in: "<number>", scope: "" });
    const { lean: wrong } = await compare(withProof("/v1/oauth/par"));
    expect(wrong.body).toMatchObject({ error: "invalid_dpop_proof" });
  });

  it("introspection of an active token, a garbage token and without authentication", async () => {
    const active = await compare(async (s) => ({ method: "POST", path: "/v1/oauth/introspect", headers: partner(s), body: `token=${await accessTokenOf(s)}` }) as never);
    expect(active.lean.body).toMatchObject({ active: true, token_type: "Bearer" });
    expect((await compare((s) => ({ method: "POST", path: "/v1/oauth/introspect", headers: partner(s), body: "token=garbage" }))).lean.body).toEqual({ active: false });
    expect((await compare(() => ({ method: "POST", path: "/v1/oauth/introspect", headers: FORM, body: "token=garbage" }))).lean.status).toBe(401);
  });

  it("revocation answers 200 with an empty body, and refuses a missing token", async () => {
    const revoked = await compare(async (s) => ({ method: "POST", path: "/v1/oauth/revoke", headers: partner(s), body: `token=${await accessTokenOf(s)}` }) as never);
    expect(revoked.lean).toMatchObject({ status: 200, body: "" });
    expect((await compare((s) => ({ method: "POST", path: "/v1/oauth/revoke", headers: partner(s), body: "" }))).lean.status).toBe(400);
  });

  it("the authorization endpoint: the first step of a sign-in, error pages, errors sent back, a partner's form POST", async () => {
    const authorize = (s: Side, extra: Record<string, string> = {}) =>
      `/login/oauth/authorize?${new URLSearchParams({ client_id: s.client.client_id, redirect_uri: "https://lean.example/cb", response_type: "code", scope: "openid", state: "st", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGKSuw7-cM", code_challenge_method: "S256", ...extra })}`;
    const started = await compare((s) => ({ method: "GET", path: authorize(s) }));
    expect(started.lean).toMatchObject({ status: 302, headers: { location: "/login?rid=<rid>", "cache-control": "no-store" } });
    const unknown = await compare(() => ({ method: "GET", path: "/login/oauth/authorize?client_id=nobody&response_type=code" }));
    expect(unknown.lean.status).toBe(400);
    expect(unknown.lean.headers["content-type"]).toMatch(/^text\/html/);
    const refused = await compare((s) => ({ method: "GET", path: authorize(s, { scope: "openid nonsense" }) }));
    expect(refused.lean.status).toBe(302);
    expect(refused.lean.headers.location).toMatch(/^https:\/\/lean\.example\/cb\?error=/);
    const posted = await compare((s) => ({ method: "POST", path: "/login/oauth/authorize", headers: { ...FORM, Origin: "https://partner.example" }, body: authorize(s).split("?")[1] }));
    expect(posted.lean).toMatchObject({ status: 302, headers: { location: "/login/continue?rid=<rid>" } });
    const unreadable = await compare(() => ({ method: "POST", path: "/login/oauth/authorize", headers: { "Content-Type": "application/json" }, body: "{}" }));
    expect(unreadable.lean.headers["content-type"]).toMatch(/^text\/html/);
  });

  it("JWKS, discovery and /healthz: same documents and caching", async () => {
    const health = await compare(() => ({ method: "GET", path: "/healthz" }));
    expect(health.lean).toMatchObject({ status: 200, body: { status: "ok" }, headers: { "cache-control": "no-store" } });
    const jwks = await compare(() => ({ method: "GET", path: "/.well-known/jwks.json" }));
    expect(jwks.lean.headers["cache-control"]).toBe("public, max-age=300");
    expect(jwks.lean.headers.etag).toBe("<etag>");
    // A cache presenting the ETag it holds gets 304 and no bytes on both doors.
    const etagOf = async (s: Side) => (await fetch(`${s.server.url}/.well-known/jwks.json`)).headers.get("etag")!;
    const revalidated = await compare(async (s) => ({ method: "GET", path: "/.well-known/jwks.json", headers: { "If-None-Match": await etagOf(s) } }));
    expect(revalidated.lean).toMatchObject({ status: 304, body: "", headers: { etag: "<etag>", "cache-control": "public, max-age=300" } });
    const discovery = await compare(() => ({ method: "GET", path: "/.well-known/openid-configuration" }));
    expect(discovery.lean.body).toMatchObject({ issuer: "<base>", token_endpoint: "<base>/v1/oauth/token" });
  });

  it("CORS: a public client's origin is answered alike (preflight cached, Vary: Origin); RFC 8414 metadata with *", async () => {
    const spa = "https://spa.lean.example";
    const ids = new Map<Side, string>();
    for (const s of [lean, next]) {
      const created = await runCli(["client", "create", "--name", "SPA", "--public", "--redirect-uri", `${spa}/cb`, "--json"], { TRUSTGATE_DATA_DIR: s.server.dataDir });
      ids.set(s, (JSON.parse(created.stdout) as { client_id: string }).client_id);
    }
    const preflight = await compare(() => ({ method: "OPTIONS", path: "/v1/oauth/token", headers: { Origin: spa, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } }));
    expect(preflight.lean).toMatchObject({ status: 204, headers: { "access-control-allow-origin": spa, "access-control-max-age": "600" } });
    const answer = await compare((s) => ({ method: "POST", path: "/v1/oauth/token", headers: { Origin: spa, ...FORM }, body: `grant_type=refresh_token&refresh_token=tgr_unknown&client_id=${ids.get(s)}` }));
    expect(answer.lean.headers["access-control-allow-origin"]).toBe(spa);
    for (const vary of [answer.lean.vary, answer.next.vary]) expect(vary).toMatch(/\bOrigin\b/);
    const stranger = await compare(() => ({ method: "OPTIONS", path: "/v1/oauth/token", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } }));
    expect(stranger.lean.headers["access-control-allow-origin"]).toBeUndefined();
    const metadata = await compare(() => ({ method: "GET", path: "/.well-known/oauth-authorization-server", headers: { Origin: spa } }));
    expect(metadata.lean.headers["access-control-allow-origin"]).toBe("*");
    expect(metadata.lean.body).toMatchObject({ issuer: "<base>" });
  });

  it("other methods and spellings of the paths stay with Next.js on both servers", async () => {
    for (const build of [
      () => ({ method: "GET", path: "/v1/oauth/token" }),
      () => ({ method: "POST", path: "/.well-known/jwks.json" }),
      () => ({ method: "HEAD", path: "/.well-known/jwks.json" }),
      (s: Side) => ({ ...token("grant_type=client_credentials")(s), path: "/v1/oauth/token/" }),
      (s: Side) => ({ ...token("grant_type=client_credentials")(s), path: "/V1/oauth/token" }),
    ] as Build[]) {
      const { lean: a, next: b } = await compare(build);
      expect(a.vary).toBe(b.vary);
    }
  });
});
