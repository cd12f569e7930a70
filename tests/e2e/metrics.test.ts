// GET /metrics: Prometheus exposition that Prometheus's own `promtool check metrics` accepts,
// never open without the operator's token, and — with TRUSTGATE_WORKERS — one answer for the
// whole cluster. /readyz beside /healthz.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../support/fixtures";
import { createPostgresDatabase, postgresAdminUrl } from "../support/postgres";
import { freePort, runCli, startServer, type RunningServer } from "../support/server";

const TOKEN = "metrics-token-for-the-e2e-suite";
const PROMTOOL = "/usr/bin/promtool";
const SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const cleanups: (() => Promise<void>)[] = [];
let server: RunningServer;
let partner: { client_id: string; client_secret: string };

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** promtool's verdict on an exposition: exit 0 and no complaints, or its complaints. */
function promtoolCheck(text: string): string {
  try {
    execFileSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    return "ok";
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
  }
}

/** The value of one sample line, e.g. sample(text, 'trustgate_oauth_grants_total{grant_type="client_credentials",outcome="issued"}'). */
function sample(text: string, series: string): number | null {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

async function grant(baseUrl: string, secret = partner.client_secret): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/oauth/token`, {
    method: "POST",
    headers: { Authorization: basicAuth(partner.client_id, secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  server = await startServer({ env: { TRUSTGATE_METRICS_TOKEN: TOKEN } });
  cleanups.push(server.stop);
  const created = await runCli(["client", "create", "--name", "Metrics partner", "--redirect-uri", "https://partner.example/cb", "--json"], { TRUSTGATE_DATA_DIR: server.dataDir, TRUSTGATE_URL: server.url });
  expect(created.code).toBe(0);
  partner = JSON.parse(created.stdout) as typeof partner;
});

describe("GET /metrics on the main port", () => {
  it("is 401 without the bearer token, and with a wrong one", async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer not-the-token" } })).status).toBe(401);
  });

  it("passes promtool check metrics, and counts grants, requests by route template and status class", async () => {
    expect(fs.existsSync(PROMTOOL)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await grant(server.url)).toBe(200);
    expect(await grant(server.url, "wrong-secret")).toBe(401);
    await fetch(`${server.url}/v1/user_intent/00000000-0000-0000-0000-000000000000`).then((response) => response.arrayBuffer());
    await fetch(`${server.url}/no/such/page/${Date.now()}`).then((response) => response.arrayBuffer());
    const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(promtoolCheck(text)).toBe("ok");
    expect(sample(text, 'trustgate_oauth_grants_total{grant_type="client_credentials",outcome="issued"}')).toBe(3);
    expect(sample(text, 'trustgate_oauth_grants_total{grant_type="client_credentials",outcome="invalid_client"}')).toBe(1);
    // The lean path's route, and Next.js routes by template: never a raw id or an unknown path.
    expect(sample(text, 'trustgate_http_request_duration_seconds_count{route="/v1/oauth/token",method="POST",status_class="2xx"}')).toBe(3);
    expect(sample(text, 'trustgate_http_request_duration_seconds_count{route="/v1/user_intent/[id]",method="GET",status_class="4xx"}')).toBe(1);
    expect(text).toMatch(/route="unmatched",method="GET",status_class="4xx"/);
    expect(text).not.toMatch(/00000000-0000|no\/such/);
    for (const name of ["trustgate_webhook_outbox_pending", "trustgate_webhook_outbox_oldest_pending_age_seconds", "trustgate_db_pool_waiting", "nodejs_eventloop_lag_p99_seconds", "process_resident_memory_bytes"]) {
      expect(text).toMatch(new RegExp(`^${name} `, "m"));
    }
  });

  it("/readyz reports the database, migrations and signing key; /healthz stays the liveness probe", async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", signing_key: "ok" } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("without TRUSTGATE_METRICS_TOKEN", () => {
  it("/metrics is not served on the main port (404); TRUSTGATE_METRICS_PORT serves it on its own port", async () => {
    const metricsPort = await freePort();
    const plain = await startServer({ env: { TRUSTGATE_METRICS_PORT: String(metricsPort) } });
    cleanups.push(plain.stop);
    expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
    const separate = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(separate.status).toBe(200);
    expect(promtoolCheck(await separate.text())).toBe("ok");
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  });
});

describe.runIf(postgresAdminUrl())("TRUSTGATE_WORKERS=2", () => {
  it("one /metrics answer sums both workers, from either worker and on the metrics port", async () => {
    const database = await createPostgresDatabase("tg_e2e_metrics");
    cleanups.push(database.drop);
    const metricsPort = await freePort();
    const clustered = await startServer({ env: { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET, TRUSTGATE_WORKERS: "2", TRUSTGATE_METRICS_TOKEN: TOKEN, TRUSTGATE_METRICS_PORT: String(metricsPort) } });
    cleanups.push(clustered.stop);
    for (let i = 0; i < 600 && !/2 worker processes/.test(clustered.output()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const created = await runCli(["client", "create", "--name", "Cluster partner", "--redirect-uri", "https://partner.example/cb", "--json"], { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET });
    expect(created.code).toBe(0);
    const clusterPartner = JSON.parse(created.stdout) as typeof partner;
    // New connections each time, so the kernel spreads them over both workers.
    const GRANTS = 20;
    for (let i = 0; i < GRANTS; i++) {
      const response = await fetch(`${clustered.url}/v1/oauth/token`, {
        method: "POST",
        headers: { Authorization: basicAuth(clusterPartner.client_id, clusterPartner.client_secret), "Content-Type": "application/x-www-form-urlencoded", Connection: "close" },
        body: "grant_type=client_credentials",
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const series = 'trustgate_oauth_grants_total{grant_type="client_credentials",outcome="issued"}';
    const fromPort = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(promtoolCheck(fromPort)).toBe("ok");
    expect(sample(fromPort, series)).toBe(GRANTS);
    const fromWorker = await (await fetch(`${clustered.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}`, Connection: "close" } })).text();
    expect(sample(fromWorker, series)).toBe(GRANTS);
  });
});
