// Webhooks with real processes: a delivery committed before the server was killed is sent after
// the restart; two `npm run worker` processes on one PostgreSQL send each event exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, validIntent } from "../support/fixtures";
import { ROOT } from "../support/paths";
import { createPostgresDatabase, postgresAdminUrl } from "../support/postgres";
import { loadVerifyWebhook, type VerifyTrustgateWebhook } from "../support/readme-examples";
import { runCli, runScript, startServer, waitForExit, type RunningServer } from "../support/server";
import { localhostCertificate, startWebhookReceiver, type TlsFiles, type WebhookReceiver } from "../support/webhook-receiver";

const SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
let tls: TlsFiles;
let receiver: WebhookReceiver;
let verify: VerifyTrustgateWebhook;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  tls = localhostCertificate();
  receiver = await startWebhookReceiver({ tls });
  verify = loadVerifyWebhook("verify-webhook");
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await receiver?.close();
});

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

describe("a delivery survives the app being killed", () => {
  it("committed, then SIGKILL before any attempt → delivered, signed, after the restart", async () => {
    // First life: no worker, so the process dies with the delivery committed and unsent.
    const first: RunningServer = await startServer({ env: { TRUSTGATE_WEBHOOK_WORKER: "off" } });
    cleanups.push(first.stop);
    const clientId = /Partner client_id:\s+(\S+)/.exec(first.output())![1]!;
    const clientSecret = /Partner client_secret:\s+(\S+)/.exec(first.output())![1]!;
    const env = { TRUSTGATE_DATA_DIR: first.dataDir };
    const configured = await runCli(["client", "update", clientId, "--webhook-url", receiver.url, "--json"], env);
    expect(configured.code, configured.stderr).toBe(0);
    // The demo client got its signing secret when it was seeded: setting a URL shows none; rotating shows the new one once.
    expect(configured.stdout).not.toContain("whsec_");
    const again = await runCli(["client", "update", clientId, "--webhook-url", receiver.url], env);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining(`Webhook URL for ${clientId}: ${receiver.url}`) });
    expect(again.stdout).not.toContain("whsec_");
    const rotated = await runCli(["client", "rotate-signing-secret", clientId], env);
    const webhookSecret = /New signing_secret for \S+: (whsec_\S+)/.exec(rotated.stdout)?.[1];
    expect(webhookSecret, rotated.stdout + rotated.stderr).toBeDefined();

    const created = await fetch(`${first.url}/v1/user_intent`, {
      method: "POST",
      headers: { Authorization: basicAuth(clientId, clientSecret), "Content-Type": "application/json" },
      body: JSON.stringify(validIntent({ metadata: { order: "kill-test" } })),
    });
    expect(created.status).toBe(201);
    const intentId = ((await created.json()) as { id: string }).id;
    const changed = await runCli(["intent", "set-status", intentId, "approved", "--reason", "checked"], env);
    expect(changed.code, changed.stderr).toBe(0);

    kill(first.process, "SIGKILL");
    await waitForExit(first.process);
    expect(receiver.received).toHaveLength(0);

    // Second life on the same data directory, with its worker.
    const second = await startServer({ dataDir: first.dataDir, env: { NODE_EXTRA_CA_CERTS: tls.certFile } });
    cleanups.push(second.stop);
    await until(() => receiver.received.length >= 1, "the delivery after restart");
    const [delivery] = receiver.received;
    expect(JSON.parse(delivery!.rawBody)).toMatchObject({ webhook_type: "user_intent_updated", resource_id: intentId, user_id: null, metadata: { order: "kill-test" } });
    expect(verify(delivery!.rawBody, delivery!.signature, webhookSecret!)).toBe(true);

    await until(async () => {
      const log = await fetch(`${second.url}/v1/webhooks/deliveries`, { headers: { Authorization: basicAuth(clientId, clientSecret) } });
      const body = (await log.json()) as { data: { status: string }[] };
      return body.data[0]?.status === "succeeded";
    }, "the delivery log to show success");
    const log = (await (await fetch(`${second.url}/v1/webhooks/deliveries`, { headers: { Authorization: basicAuth(clientId, clientSecret) } })).json()) as { data: Record<string, unknown>[] };
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({ status: "succeeded", attempts: 1, webhook_id: delivery!.webhookId, last_response_status: 200 });
    expect(receiver.received).toHaveLength(1);

    // The phone-change queue is reachable through the running server too.
    const queue = await runCli(["phone-change", "list"], env);
    expect(queue).toMatchObject({ code: 0, stdout: expect.stringContaining("No pending phone change requests.") });
  }, 240_000); // two server starts and five CLI runs: slow on a loaded 2-core machine
});

describe.runIf(postgresAdminUrl())("several workers on one PostgreSQL", () => {
  it("two `npm run worker` processes deliver each of 40 events exactly once", async () => {
    const database = await createPostgresDatabase("tg_e2e");
    cleanups.push(database.drop);
    const env = { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET, NODE_EXTRA_CA_CERTS: tls.certFile };
    expect((await runScript("scripts/migrate.ts", [], env)).code).toBe(0);
    const client = JSON.parse((await runCli(["client", "create", "--name", "Workers", "--redirect-uri", "https://workers.example/cb", "--json"], env)).stdout) as { client_id: string; signing_secret: string };
    const configured = await runCli(["client", "update", client.client_id, "--webhook-url", receiver.url, "--json"], env);
    expect(configured.code, configured.stderr).toBe(0);
    const webhookSecret = client.signing_secret; // printed once by `client create`

    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    await sql.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, client_id, kind, event_type, body, url, next_attempt_at, updated_at)
       SELECT gen_random_uuid(), w.id, $1, 'webhook', 'user_updated',
              json_build_object('webhook_type', 'user_updated', 'webhook_id', w.id, 'user_id', null, 'resource_id', 'r' || w.n, 'metadata', '{}'::json)::text,
              $2, now(), now()
       FROM (SELECT gen_random_uuid()::text AS id, n FROM generate_series(1, 40) AS n) AS w`,
      [client.client_id, receiver.url],
    );
    receiver.received.length = 0;

    const workers = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")], {
        cwd: ROOT,
        detached: true,
        stdio: "ignore",
        env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
      }),
    );
    cleanups.push(async () => workers.forEach((worker) => kill(worker, "SIGKILL")));
    const succeeded = async () => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'`)).rows[0]!.n);
    await until(async () => (await succeeded()) === 40, "40 deliveries");
    for (const worker of workers) kill(worker, "SIGTERM");
    await Promise.all(workers.map((worker) => waitForExit(worker, 15_000)));

    const ids = receiver.received.map((r) => r.webhookId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const attempts = await sql.query<{ attempts: number }>(`SELECT DISTINCT attempts FROM webhook_deliveries`);
    expect(attempts.rows).toEqual([{ attempts: 1 }]);
    for (const delivery of receiver.received) expect(verify(delivery.rawBody, delivery.signature, webhookSecret)).toBe(true);
  }, 180_000);
});
