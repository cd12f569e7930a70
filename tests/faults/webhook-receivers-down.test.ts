// Webhook and callback receivers that are down for a while: every event queued meanwhile arrives
// after they come back, each with its one webhook_id, and a receiver that dedupes by that id
// processes each event exactly once — even when answers got lost and Trustgate sent again.
// The worker runs with an injected clock, so the simulated outage lasts ~15 minutes of backoff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db, disconnectDb } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { faultDatabase, startDedupingReceiver, type DedupingReceiver } from "../support/faults";
import { createTestClient, validIntent } from "../support/fixtures";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

const INTENTS = 12;
const CALLBACKS = 6;
const FAILED_ROUNDS_WHILE_DOWN = 5;

let cluster: PrivatePostgres;
let webhooks: DedupingReceiver;
let callbacks: DedupingReceiver;
let partner: CreatedClient;

beforeAll(async () => {
  if (!privatePostgresAvailable()) return;
  cluster = await startPrivatePostgres();
  await faultDatabase(cluster, "tg_faults_webhooks");
  webhooks = await startDedupingReceiver();
  callbacks = await startDedupingReceiver();
  partner = await createTestClient();
  await setWebhookUrl(partner.client_id, webhooks.url, { type: "cli" });
  await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: `${callbacks.url}/challenges` } });
});

afterAll(async () => {
  await webhooks?.down();
  await callbacks?.down();
  await disconnectDb();
  await cluster?.destroy();
});

describe.runIf(privatePostgresAvailable())("webhook and callback receivers down for a while", () => {
  it("lose nothing: after recovery each webhook_id is processed exactly once by a deduping receiver", async () => {
    // Both receivers are down (port closed) while the events happen.
    for (let i = 0; i < INTENTS; i += 1) {
      const input = createUserIntentInput.parse(validIntent({ phone: `+1312555${String(7000 + i)}` }));
      const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
      await setUserIntentStatus(intent.id, i % 2 ? "approved" : "rejected", "reviewed", { type: "cli" });
    }
    for (let i = 0; i < CALLBACKS; i += 1) {
      const callback = { challenge_id: `c-${i}`, factor_id: "f-1", reference_id: `order-${i}`, status: "VERIFIED", updated_at: "2026-11-24T09:00:00Z" };
      await db().$transaction((tx) => emit(tx, { type: "authenticator.challenge_updated", actor: { type: "user" }, clientId: partner.client_id, subjectId: callback.challenge_id, data: { callback } }));
    }
    const queued = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } });
    expect(queued).toHaveLength(INTENTS + CALLBACKS);

    // The worker keeps trying on its backoff schedule; every attempt fails.
    let clock = new Date(Date.now() + 1000);
    const dueAgain = async () => (await db().webhookDelivery.aggregate({ where: { status: "pending" }, _min: { nextAttemptAt: true } }))._min.nextAttemptAt!;
    for (let round = 0; round < FAILED_ROUNDS_WHILE_DOWN; round += 1) {
      const result = await runDeliveryBatch({ now: () => clock, limit: 100 });
      expect(result).toMatchObject({ claimed: INTENTS + CALLBACKS, retrying: INTENTS + CALLBACKS, succeeded: 0, failed: 0 });
      clock = await dueAgain();
    }
    expect(webhooks.arrivals.concat(callbacks.arrivals)).toEqual([]);

    // They come back flaky: they process what arrives but the answers are lost…
    await webhooks.up();
    await callbacks.up();
    webhooks.mode = "lose-answer";
    callbacks.mode = "lose-answer";
    expect(await runDeliveryBatch({ now: () => clock, limit: 100 })).toMatchObject({ claimed: INTENTS + CALLBACKS, succeeded: 0 });
    clock = await dueAgain();
    // …then healthy: Trustgate sends again with the same ids, the receivers ack the repeats.
    webhooks.mode = "answer";
    callbacks.mode = "answer";
    expect(await runDeliveryBatch({ now: () => clock, limit: 100 })).toMatchObject({ claimed: INTENTS + CALLBACKS, succeeded: INTENTS + CALLBACKS });
    expect(await runDeliveryBatch({ now: () => new Date(clock.getTime() + 86_400_000), limit: 100 })).toMatchObject({ claimed: 0 });

    const rows = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } });
    expect(rows.every((row) => row.status === "succeeded" && row.attempts === FAILED_ROUNDS_WHILE_DOWN + 2)).toBe(true);
    const webhookIds = rows
      .filter((row) => row.kind === "webhook")
      .map((row) => row.webhookId)
      .sort();
    const callbackIds = rows
      .filter((row) => row.kind === "authenticator_callback")
      .map((row) => row.webhookId)
      .sort();
    // Nothing lost, nothing invented: each queued id reached its receiver, twice on the wire…
    expect([...webhooks.processed.keys()].sort()).toEqual(webhookIds);
    expect([...callbacks.processed.keys()].sort()).toEqual(callbackIds);
    expect(webhooks.arrivals).toHaveLength(2 * INTENTS);
    expect(callbacks.arrivals).toHaveLength(2 * CALLBACKS);
    // …with the same body both times, so deduping by id means processing exactly once.
    expect([...webhooks.processed.values(), ...callbacks.processed.values()].every((n) => n === 1)).toBe(true);
    expect(webhooks.conflicts.concat(callbacks.conflicts)).toEqual([]);
    for (const row of rows) expect((row.kind === "webhook" ? webhooks : callbacks).bodies.get(row.webhookId)).toBe(row.body);
  });
});
