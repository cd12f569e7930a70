// The production server as an operator runs it: one owner per embedded data directory, the CLI
// working through the running server, security headers on every kind of response.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../support/fixtures";
import { runCli, runScript, spawnServer, startServer, freePort, waitForExit, type RunningServer } from "../support/server";

let server: RunningServer;
let demo: { clientId: string; secret: string };

function demoCredentials(output: string) {
  const clientId = /Partner client_id:\s+(\S+)/.exec(output)?.[1];
  const secret = /Partner client_secret:\s+(\S+)/.exec(output)?.[1];
  if (!clientId || !secret) throw new Error(`no demo credentials in:\n${output}`);
  return { clientId, secret };
}

async function tokenRequest(base: string, clientId: string, secret: string) {
  const response = await fetch(`${base}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: basicAuth(clientId, secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  return { response, body: (await response.json()) as { error?: string; access_token?: string } };
}

beforeAll(async () => {
  server = await startServer();
  demo = demoCredentials(server.output());
});

afterAll(async () => {
  await server?.stop();
});

describe("npm start on the embedded database", () => {
  it("seeds a demo partner and admin and prints them once", () => {
    expect(server.output()).toMatch(/Trustgate is running on http:\/\/localhost:\d+/);
    expect(server.output()).toMatch(/Admin:\s+admin@trustgate\.local \/ \S{12,}/);
    expect(server.output()).toMatch(/Try the hosted login:\s+http:\/\/localhost:\d+\/login\/oauth\/authorize\?client_id=/);
  });

  it("authenticates the demo partner over HTTP and rejects a wrong secret", async () => {
    expect((await tokenRequest(server.url, demo.clientId, demo.secret)).response.status).toBe(200);
    const wrong = await tokenRequest(server.url, demo.clientId, "wrong");
    expect(wrong.response.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
  });

  it("refuses a second server on the same data directory with a clear message", async () => {
    const second = spawnServer(await freePort(), server.dataDir);
    let output = "";
    second.stdout!.on("data", (chunk) => (output += chunk));
    second.stderr!.on("data", (chunk) => (output += chunk));
    expect(await waitForExit(second)).toBe(1);
    expect(output).toContain("is in use by another Trustgate process");
    expect(output).toContain(`pid ${server.process.pid}`);
    // The first server is unharmed (its database included).
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it("lets the CLI work through the running server", async () => {
    const env = { TRUSTGATE_DATA_DIR: server.dataDir };
    const created = await runCli(["client", "create", "--name", "Acme", "--redirect-uri", "https://acme.example/cb", "--json"], env);
    expect(created.code).toBe(0);
    const client = JSON.parse(created.stdout) as { client_id: string; client_secret: string; project_id: string; workspace_id: string };
    expect(client.project_id).toBe(client.client_id);
    // The running server sees the new client at once: same database.
    expect((await tokenRequest(server.url, client.client_id, client.client_secret)).response.status).toBe(200);

    const listed = await runCli(["client", "list", "--json"], env);
    expect((JSON.parse(listed.stdout) as { client_id: string }[]).map((c) => c.client_id)).toEqual([demo.clientId, client.client_id]);

    const rotated = await runCli(["client", "rotate-secret", client.client_id, "--json"], env);
    const { client_secret: newSecret } = JSON.parse(rotated.stdout) as { client_secret: string };
    expect((await tokenRequest(server.url, client.client_id, client.client_secret)).response.status).toBe(401);
    expect((await tokenRequest(server.url, client.client_id, newSecret)).response.status).toBe(200);

    const admin = await runCli(["admin", "create", "--email", "ops@acme.example", "--password", "correct horse battery", "--json"], env);
    expect(admin.code).toBe(0);
    expect(JSON.parse(admin.stdout)).toMatchObject({ email: "ops@acme.example", role: "admin" });

    const migrated = await runScript("scripts/migrate.ts", [], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/up to date/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it("reports CLI input errors clearly and changes nothing", async () => {
    const env = { TRUSTGATE_DATA_DIR: server.dataDir };
    const bad = await runCli(["client", "create", "--name", "Bad", "--redirect-uri", "http://plain.example/cb", "--json"], env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: "invalid_input" });
    expect(bad.stderr).toMatch(/must use https/);
    const usage = await runCli(["client", "frobnicate"], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown command "client frobnicate"/);
    const listed = await runCli(["client", "list", "--json"], env);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((c) => c.name)).not.toContain("Bad");
  });

  it("sets security headers on pages, APIs, errors and static files", async () => {
    const page = await fetch(`${server.url}/`);
    const html = await page.text();
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`nonce="${nonce}"`);
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];

    for (const [path, init] of [
      ["/", {}],
      ["/healthz", {}],
      ["/readyz", {}],
      ["/.well-known/jwks.json", {}],
      ["/no-such-page", {}],
      [asset, {}],
      ["/v1/oauth/token", { method: "POST" }],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, init);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("content-security-policy"), path).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get("x-request-id"), path).toMatch(/^[\w.-]{8,64}$/);
      expect(response.headers.get("x-powered-by"), path).toBeNull();
      expect(response.headers.get("strict-transport-security"), path).toBeNull(); // plain http here
    }
    expect((await fetch(`${server.url}/no-such-page`)).status).toBe(404);
    const token = await fetch(`${server.url}/v1/oauth/token`, { method: "POST" });
    expect(token.headers.get("cache-control")).toBe("no-store");
  });

  it("gives every response a request id, keeping a well-formed one from a proxy", async () => {
    const a = await fetch(`${server.url}/healthz`);
    const b = await fetch(`${server.url}/healthz`);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
    const kept = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "proxy-req-0001" } });
    expect(kept.headers.get("x-request-id")).toBe("proxy-req-0001");
    const replaced = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "<bad id>" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("<bad id>");
  });
});

describe("after the server stops", () => {
  it("the CLI opens the directory itself, and the next start sees everything", async () => {
    await server.stop();
    const env = { TRUSTGATE_DATA_DIR: server.dataDir };
    const listed = await runCli(["client", "list", "--json"], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const rotated = await runCli(["keys", "rotate", "--json"], env);
    expect(rotated.code).toBe(0);

    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      expect(restarted.output()).not.toContain("Demo mode"); // seeded only once
      const jwks = (await (await fetch(`${restarted.url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
      expect(jwks.keys).toHaveLength(4); // the rotated ES256 and RS256 keys + the two retired ones, still published
      expect((await tokenRequest(restarted.url, demo.clientId, demo.secret)).response.status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});
