// A stopping worker whose sends outlive its shutdown bound gives its leases back: the rows are due
// at once for another worker (not after WEBHOOK_LEASE_S), and the stopped worker's late outcome is
// fenced off as "lost", so no delivery is recorded twice.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { runDeliveryBatch, startDeliveryWorker } from "@/lib/webhooks/worker";
import { createTestClient, validIntent } from "../support/fixtures";

let slow: http.Server;
let url: string;
const pending: http.ServerResponse[] = [];

beforeAll(async () => {
  // A receiver that holds every request until told to answer.
  slow = http.createServer((req, res) => {
    req.resume();
    pending.push(res);
  });
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  slow.closeAllConnections();
  await new Promise((resolve) => slow.close(resolve));
});

describe("webhook worker shutdown", () => {
  it("releases the leases of sends still in flight at the bound; their late outcome is lost, not recorded", async () => {
    const partner = await createTestClient();
    await setWebhookUrl(partner.client_id, url, { type: "cli" });
    const input = createUserIntentInput.parse(validIntent({ phone: "+13125559001" }));
    const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
    await setUserIntentStatus(intent.id, "approved", "reviewed", { type: "cli" });

    const worker = startDeliveryWorker({ intervalMs: 50 });
    while (!pending.length) await new Promise((resolve) => setTimeout(resolve, 20));
    const leased = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(leased.leaseId).not.toBeNull();
    expect(leased.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000); // the lease expiry

    await worker.stop(200); // the send is still waiting for its answer
    const released = await db().webhookDelivery.findFirstOrThrow({ where: { id: leased.id } });
    expect(released).toMatchObject({ status: "pending", leaseId: null, attempts: 1 });
    expect(released.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());

    // Another worker takes it at once and delivers it.
    const next = runDeliveryBatch();
    while (pending.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    pending[1]!.writeHead(200).end("ok");
    expect(await next).toMatchObject({ claimed: 1, succeeded: 1 });
    // The first send's answer arrives late: fenced off, the row stays as the second worker left it.
    pending[0]!.writeHead(200).end("ok");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db().webhookDelivery.findFirstOrThrow({ where: { id: leased.id } })).toMatchObject({ status: "succeeded", attempts: 2 });
  });
});
