// Two Trustgate processes on one PostgreSQL database, as behind a load balancer: a rate limit
// counts hits on both (an attacker gains nothing by alternating instances), and both running their
// webhook workers deliver each event exactly once. Device approvals across two instances:
// two-instances-devices.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { CLIENT_AUTH_FAILURE_WINDOW_S, CLIENT_AUTH_FAILURES_PER_IP } from "@/lib/config/limits";
import { db, disconnectDb } from "@/lib/db";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { faultDatabase, postForm, startDedupingReceiver, until, type DedupingReceiver, type HttpAnswer } from "../support/faults";
import { createTestClient, validIntent } from "../support/fixtures";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { startServer, type RunningServer } from "../support/server";
import { localhostCertificate } from "../support/webhook-receiver";

const EVENTS = 30;

let cluster: PrivatePostgres;
let servers: RunningServer[] = [];
let receiver: DedupingReceiver;
let partner: CreatedClient;

beforeAll(async () => {
  if (!privatePostgresAvailable()) return;
  cluster = await startPrivatePostgres();
  const database = await faultDatabase(cluster, "tg_faults_two");
  const tls = localhostCertificate();
  receiver = await startDedupingReceiver({ tls });
  await receiver.up();
  partner = await createTestClient();
  const env = { ...database.env, NODE_EXTRA_CA_CERTS: tls.certFile };
  servers = await Promise.all([startServer({ env }), startServer({ env })]);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await receiver?.down();
  await disconnectDb();
  await cluster?.destroy();
});

describe.runIf(privatePostgresAvailable())("two instances on one PostgreSQL", () => {
  it(`client authentication failures are throttled across both: one more after ${CLIENT_AUTH_FAILURES_PER_IP}, on either, gets 429`, async () => {
    // Fixed windows: start well inside one, so the whole burst counts in the same window.
    const intoWindow = Date.now() % (CLIENT_AUTH_FAILURE_WINDOW_S * 1000);
    if (CLIENT_AUTH_FAILURE_WINDOW_S * 1000 - intoWindow < 30_000) await new Promise((resolve) => setTimeout(resolve, CLIENT_AUTH_FAILURE_WINDOW_S * 1000 - intoWindow + 100));
    const wrong = { id: partner.client_id, secret: "not-the-secret" };
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < CLIENT_AUTH_FAILURES_PER_IP; i += 1) {
      answers.push(await postForm(servers[i % 2]!.url, "/v1/oauth/token", { grant_type: "client_credentials" }, wrong));
    }
    expect(answers.map((answer) => answer.status)).toEqual(Array(CLIENT_AUTH_FAILURES_PER_IP).fill(401));
    // Each instance alone has seen only half the failures, yet both refuse now.
    for (const server of servers) {
      const refused = await postForm(server.url, "/v1/oauth/token", { grant_type: "client_credentials" }, wrong);
      expect(refused).toMatchObject({ status: 429, body: { error: "too_many_requests" } });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
  });

  it("both workers running: each webhook is delivered once", async () => {
    await setWebhookUrl(partner.client_id, receiver.url, { type: "cli" });
    for (let i = 0; i < EVENTS; i += 1) {
      const input = createUserIntentInput.parse(validIntent({ phone: `+1312555${String(8000 + i)}` }));
      const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
      await setUserIntentStatus(intent.id, "approved", "reviewed", { type: "cli" });
    }
    await until(async () => (await db().webhookDelivery.count({ where: { clientId: partner.client_id, status: "succeeded" } })) === EVENTS, "both workers to drain the outbox", 60_000, 200);
    const rows = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } });
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(receiver.arrivals).toHaveLength(EVENTS); // on the wire, not just after dedupe
    expect([...receiver.processed.keys()].sort()).toEqual(rows.map((row) => row.webhookId).sort());
  });
});
