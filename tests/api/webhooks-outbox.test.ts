// The webhooks outbox: written with the change that caused it, delivered and retried by the worker
// with one webhook_id and a valid signature on every attempt, never twice by two workers.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { WEBHOOK_DELIVERY_RETENTION_S, WEBHOOK_LEASE_S, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RESPONSE_BODY_MAX_BYTES, WEBHOOK_TIMEOUT_MS } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { purgeExpired } from "@/lib/maintenance/purge-expired";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { transitionIntentStatus } from "@/lib/intents/status";
import { setUserStatus } from "@/lib/users/set-user-status";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { outboundFetch } from "@/lib/outbound";
import { webhookUrlProblem } from "@/lib/webhooks/url-policy";
import { claimDueDeliveries, runDeliveryBatch, startDeliveryWorker } from "@/lib/webhooks/worker";
import { createTestClient, validIntent } from "../support/fixtures";
import { loadVerifyWebhook, type VerifyTrustgateWebhook } from "../support/readme-examples";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let receiver: WebhookReceiver;
let verify: VerifyTrustgateWebhook;
let phoneSeq = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  verify = loadVerifyWebhook("verify-webhook");
});

afterAll(async () => {
  await receiver.close();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  receiver.received.length = 0;
  receiver.respond = () => ({ status: 200, body: "ok" });
  await db().webhookDelivery.deleteMany();
});

/** A partner with a webhook URL pointing at the receiver, and its signing secret. */
async function subscribedPartner(): Promise<{ partner: CreatedClient; secret: string }> {
  const partner = await createTestClient();
  await setWebhookUrl(partner.client_id, receiver.url, { type: "cli" });
  return { partner, secret: partner.signing_secret }; // from client creation
}

function newPhone(): string {
  phoneSeq += 1;
  return `+1312555${String(phoneSeq).padStart(4, "0")}`;
}

async function newIntent(partner: CreatedClient, overrides: Record<string, unknown> = {}) {
  const phone = (overrides.phone as string | undefined) ?? newPhone();
  const input = createUserIntentInput.parse(validIntent({ ...overrides, phone }));
  const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
  return { ...intent, phone };
}

describe("webhooks outbox", () => {
  it("receiver-fails-3-times-then-succeeds: 4 attempts, same webhook_id, valid signature each time, doubling backoff", async () => {
    const { partner, secret } = await subscribedPartner();
    const intent = await newIntent(partner, { metadata: { crm_id: "A-17" } });
    await setUserIntentStatus(intent.id, "approved", "documents checked", { type: "cli" });

    const [queued] = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } });
    expect(queued).toMatchObject({ kind: "webhook", eventType: "user_intent_updated", status: "pending", attempts: 0, url: receiver.url });
    expect(JSON.parse(queued!.body)).toEqual({ webhook_type: "user_intent_updated", webhook_id: queued!.webhookId, user_id: null, resource_id: intent.id, metadata: { crm_id: "A-17" } });

    receiver.respond = (count) => (count <= 3 ? { status: 500, body: "try later" } : { status: 200, body: "thanks" });
    let clock = new Date(Date.now() + 1000);
    const now = () => clock;
    const expectedDelays = [30, 60, 120];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      // Not due yet: a round one second early sends nothing.
      if (attempt > 1) expect((await runDeliveryBatch({ now: () => new Date(clock.getTime() - 1000) })).claimed).toBe(0);
      const round = await runDeliveryBatch({ now });
      expect(round.claimed).toBe(1);
      const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued!.id } });
      expect(row.attempts).toBe(attempt);
      if (attempt < 4) {
        expect(row).toMatchObject({ status: "pending", lastResponseStatus: 500, lastError: "http_500", lastResponseBody: null }); // a loopback receiver's answer is never kept
        expect(row.nextAttemptAt.getTime() - clock.getTime()).toBe(expectedDelays[attempt - 1]! * 1000);
        clock = row.nextAttemptAt;
      } else {
        expect(row).toMatchObject({ status: "succeeded", lastResponseStatus: 200, lastError: null, lastResponseBody: null });
        expect(row.deliveredAt).toEqual(clock);
      }
    }

    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.webhookId))).toEqual(new Set([queued!.webhookId]));
    expect(new Set(receiver.received.map((r) => r.rawBody))).toEqual(new Set([queued!.body]));
    for (const delivery of receiver.received) {
      const t = Number(/t=(\d+)/.exec(delivery.signature)![1]);
      expect(verify(delivery.rawBody, delivery.signature, secret, t)).toBe(true);
      expect(delivery.headers["content-type"]).toBe("application/json");
    }
    // The README's recipe rejects what it must: another secret, a changed body, a stale timestamp.
    const last = receiver.received.at(-1)!;
    const t = Number(/t=(\d+)/.exec(last.signature)![1]);
    expect(verify(last.rawBody, last.signature, `${secret}x`, t)).toBe(false);
    expect(verify(last.rawBody.replace("A-17", "A-18"), last.signature, secret, t)).toBe(false);
    expect(verify(last.rawBody, last.signature, secret, t + 301)).toBe(false);
    expect(verify(last.rawBody, last.signature, secret, t - 301)).toBe(false);
    expect(verify(last.rawBody, undefined, secret, t)).toBe(false);
    expect(verify(last.rawBody, "t=1,v1=zz", secret, t)).toBe(false);
    expect(await runDeliveryBatch({ now: () => new Date(clock.getTime() + 86_400_000) })).toMatchObject({ claimed: 0 });
  });

  it(`gives up after ${WEBHOOK_MAX_ATTEMPTS} attempts: failed, audited, never sent again`, async () => {
    const { partner } = await subscribedPartner();
    const intent = await newIntent(partner);
    await setUserIntentStatus(intent.id, "rejected", "fraud", { type: "cli" });
    receiver.respond = () => ({ status: 503 });
    let clock = new Date(Date.now() + 1000);
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt += 1) {
      expect((await runDeliveryBatch({ now: () => clock })).claimed).toBe(1);
      const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
      clock = row.nextAttemptAt;
    }
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(row).toMatchObject({ status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, lastResponseStatus: 503 });
    expect(receiver.received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect(await runDeliveryBatch({ now: () => new Date(clock.getTime() + 7 * 86_400_000) })).toMatchObject({ claimed: 0 });
    const audit = await db().auditEvent.findMany({ where: { type: "webhook.delivery_failed", subjectId: row.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ clientId: partner.client_id, data: { webhook_id: row.webhookId, attempts: WEBHOOK_MAX_ATTEMPTS } });
  });

  it("transaction-rollback-emits-no-webhook: a change that rolls back leaves neither change nor delivery", async () => {
    const { partner } = await subscribedPartner();
    const intent = await newIntent(partner);
    await expect(
      db().$transaction(async (tx) => {
        await transitionIntentStatus(tx, { intentId: intent.id, to: "approved", reason: "looks fine", actor: { type: "cli" } });
        expect(await tx.webhookDelivery.count({ where: { clientId: partner.client_id } })).toBe(1); // queued inside…
        throw new Error("a later step of the same change failed");
      }),
    ).rejects.toThrow("a later step");
    expect(await db().webhookDelivery.count({ where: { clientId: partner.client_id } })).toBe(0); // …and gone with it
    expect((await db().userIntent.findUniqueOrThrow({ where: { id: intent.id } })).status).toBe("pending");
    expect(await runDeliveryBatch()).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(0);
  });

  it("queues nothing for a client without a webhook URL, nor after the URL is removed", async () => {
    const partner = await createTestClient();
    await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    expect(await db().webhookDelivery.count({ where: { clientId: partner.client_id } })).toBe(0);

    await setWebhookUrl(partner.client_id, receiver.url, { type: "cli" });
    await setWebhookUrl(partner.client_id, null, { type: "cli" });
    await setUserIntentStatus((await newIntent(partner)).id, "retry", "blurry photo", { type: "cli" });
    expect(await db().webhookDelivery.count({ where: { clientId: partner.client_id } })).toBe(0);
  });

  it("user_updated reaches every client linked to the user (converted intent or consent) with that client's metadata", async () => {
    const a = await subscribedPartner();
    const b = await subscribedPartner();
    const consentOnly = await subscribedPartner();
    const unrelated = await subscribedPartner();
    const phone = newPhone();
    const intentA = await newIntent(a.partner, { phone, metadata: { ref: "a-1" } });
    const intentB = await newIntent(b.partner, { phone, metadata: { ref: "b-1" } });
    await newIntent(unrelated.partner); // another person's intent
    const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intentA.id, clientId: a.partner.client_id, phone: intentA.phone }));
    await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intentB.id, clientId: b.partner.client_id, phone }));
    await db().consent.create({ data: { userId, clientId: consentOnly.partner.client_id, scopes: ["openid"] } });
    await db().webhookDelivery.deleteMany();

    await setUserStatus(userId, "approved", "review passed", { type: "cli" });
    const rows = await db().webhookDelivery.findMany({ where: { eventType: "user_updated" } });
    const bodies = Object.fromEntries(rows.map((row) => [row.clientId, JSON.parse(row.body) as Record<string, unknown>]));
    expect(Object.keys(bodies).sort()).toEqual([a.partner.client_id, b.partner.client_id, consentOnly.partner.client_id].sort());
    expect(bodies[a.partner.client_id]).toMatchObject({ webhook_type: "user_updated", user_id: userId, resource_id: userId, metadata: { ref: "a-1" } });
    expect(bodies[b.partner.client_id]).toMatchObject({ metadata: { ref: "b-1" } });
    expect(bodies[consentOnly.partner.client_id]).toMatchObject({ user_id: userId, metadata: {} });
    expect(new Set(rows.map((row) => row.webhookId)).size).toBe(3);
  });

  it("authenticator.challenge_updated POSTs data.callback to the client's callback URL, signed", async () => {
    const { partner, secret } = await subscribedPartner();
    await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: `${receiver.url}/challenges` } });
    const callback = { challenge_id: "c-1", factor_id: "f-1", reference_id: "order-9", status: "VERIFIED", updated_at: "2026-11-24T09:00:00Z" };
    await db().$transaction((tx) => emit(tx, { type: "authenticator.challenge_updated", actor: { type: "user" }, clientId: partner.client_id, subjectId: "c-1", data: { callback } }));
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(row).toMatchObject({ kind: "authenticator_callback", url: `${receiver.url}/challenges` });
    expect(await runDeliveryBatch()).toMatchObject({ claimed: 1, succeeded: 1 });
    const [received] = receiver.received;
    expect(JSON.parse(received!.rawBody)).toEqual(callback);
    expect(received!.webhookId).toBe(row.webhookId);
    expect(verify(received!.rawBody, received!.signature, secret)).toBe(true);

    // No callback URL → nothing queued.
    await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: null } });
    await db().$transaction((tx) => emit(tx, { type: "authenticator.challenge_updated", actor: { type: "user" }, clientId: partner.client_id, data: { callback } }));
    expect(await db().webhookDelivery.count({ where: { clientId: partner.client_id, kind: "authenticator_callback" } })).toBe(1);
  });

  it("reads at most 1 KB of the receiver's answer, and keeps none of an internal receiver's", async () => {
    const { partner } = await subscribedPartner();
    await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    receiver.respond = () => ({ status: 200, body: "é".repeat(5000) });
    expect(await runDeliveryBatch()).toMatchObject({ succeeded: 1 });
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(row.lastResponseBody).toBeNull(); // 127.0.0.1 is reachable only through TRUSTGATE_OUTBOUND_ALLOW
    const read = await outboundFetch(receiver.url, { method: "POST", body: "{}" }, { timeoutMs: WEBHOOK_TIMEOUT_MS, maxBytes: WEBHOOK_RESPONSE_BODY_MAX_BYTES, truncate: true });
    expect(Buffer.byteLength(read.body)).toBeLessThanOrEqual(WEBHOOK_RESPONSE_BODY_MAX_BYTES + 3);
    expect(read.body.length).toBeGreaterThan(400);
  });

  it("a delivery whose worker died after claiming it is sent again once the lease expires", async () => {
    const { partner } = await subscribedPartner();
    await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    const t0 = new Date(Date.now() + 1000);
    const [claimed] = await claimDueDeliveries(t0); // …and the worker process is gone
    expect(claimed).toBeDefined();
    expect(await runDeliveryBatch({ now: () => new Date(t0.getTime() + (WEBHOOK_LEASE_S - 1) * 1000) })).toMatchObject({ claimed: 0 });
    expect(await runDeliveryBatch({ now: () => new Date(t0.getTime() + WEBHOOK_LEASE_S * 1000) })).toMatchObject({ claimed: 1, succeeded: 1 });
    const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: claimed!.id } });
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, webhookId: claimed!.webhook_id });
    expect(receiver.received.map((r) => r.webhookId)).toEqual([claimed!.webhook_id]);
  });

  it("two workers on one database deliver each event exactly once", async () => {
    const { partner } = await subscribedPartner();
    for (let i = 0; i < 24; i += 1) await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    const workers = [startDeliveryWorker({ intervalMs: 20, limit: 3 }), startDeliveryWorker({ intervalMs: 20, limit: 3 })];
    try {
      for (let i = 0; i < 500 && (await db().webhookDelivery.count({ where: { status: "succeeded" } })) < 24; i += 1) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const rows = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } });
    expect(rows).toHaveLength(24);
    expect(rows.every((row) => row.status === "succeeded" && row.attempts === 1)).toBe(true);
    const ids = receiver.received.map((r) => r.webhookId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids)).toEqual(new Set(rows.map((row) => row.webhookId)));
  });

  it("HTTPS only in production: http:// is refused when configured and when sent", async () => {
    expect(webhookUrlProblem("http://127.0.0.1:9/x")).toBeNull();
    expect(webhookUrlProblem("http://partner.example/x")).toMatch(/https/);
    expect(webhookUrlProblem("https://user:pw@partner.example/x")).toMatch(/credentials/);
    const { partner } = await subscribedPartner();
    await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });

    vi.stubEnv("NODE_ENV", "production");
    expect(webhookUrlProblem("http://127.0.0.1:9/x")).toMatch(/https:\/\/ in production/);
    expect(webhookUrlProblem("https://partner.example/x")).toBeNull();
    await expect(setWebhookUrl(partner.client_id, receiver.url, { type: "cli" })).rejects.toMatchObject({ code: "webhook_url_invalid" });
    // A row queued while http was allowed is not sent over http in production.
    expect(await runDeliveryBatch()).toMatchObject({ claimed: 1, failed: 1 });
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("refused");
    expect(receiver.received).toHaveLength(0);
  });

  it("counts a receiver that does not answer within 5 s, or redirects, as a failed attempt", async () => {
    const { partner } = await subscribedPartner();
    await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    // A receiver that accepts the request and never answers in time.
    const held: NodeJS.Timeout[] = [];
    const stalled = createServer((_req, res) => void held.push(setTimeout(() => res.end("late"), WEBHOOK_TIMEOUT_MS + 5_000)));
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = stalled.address() as AddressInfo;
      await db().webhookDelivery.updateMany({ where: { clientId: partner.client_id }, data: { url: `http://127.0.0.1:${port}/hook` } });
      expect(await runDeliveryBatch()).toMatchObject({ claimed: 1, retrying: 1 });
      const timedOut = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
      expect(timedOut).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null, lastError: "timeout" });
    } finally {
      held.forEach(clearTimeout);
      stalled.closeAllConnections();
      stalled.close();
    }

    // A redirect is not followed: the partner must fix the URL.
    receiver.respond = () => ({ status: 301 });
    await db().webhookDelivery.updateMany({ where: { clientId: partner.client_id }, data: { url: receiver.url, nextAttemptAt: new Date() } });
    expect(await runDeliveryBatch()).toMatchObject({ claimed: 1, retrying: 1 });
    const redirected = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id } });
    expect(redirected).toMatchObject({ attempts: 2, lastResponseStatus: 301, lastError: "http_301" });
    expect(receiver.received).toHaveLength(1);
  }, 20_000);

  it("keeps finished deliveries in the log for the retention period, and pending ones until sent", async () => {
    const { partner } = await subscribedPartner();
    for (let i = 0; i < 3; i += 1) await setUserIntentStatus((await newIntent(partner)).id, "approved", "ok", { type: "cli" });
    const [done, failed, pending] = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id }, orderBy: { id: "asc" } });
    const old = new Date(Date.now() - (WEBHOOK_DELIVERY_RETENTION_S + 3600) * 1000);
    await db().$executeRaw`UPDATE webhook_deliveries SET status = 'succeeded', updated_at = ${old} WHERE id = ${done!.id}::uuid`;
    await db().$executeRaw`UPDATE webhook_deliveries SET status = 'failed', updated_at = ${old} WHERE id = ${failed!.id}::uuid`;
    await db().$executeRaw`UPDATE webhook_deliveries SET updated_at = ${old} WHERE id = ${pending!.id}::uuid`;
    expect((await purgeExpired()).webhookDeliveries).toBe(2);
    expect((await db().webhookDelivery.findMany({ where: { clientId: partner.client_id } })).map((row) => row.id)).toEqual([pending!.id]);
  });
});
