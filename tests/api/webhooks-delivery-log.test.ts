// The partner's delivery log and resend action, and the per-client webhook settings.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as resendRoute } from "@/app/v1/webhooks/deliveries/[id]/resend/route";
import { GET as listRoute } from "@/app/v1/webhooks/deliveries/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { rotateWebhookSecret, setWebhookUrl } from "@/lib/webhooks/configure";
import { apiRequest, basicAuth, createTestClient, validIntent } from "../support/fixtures";

let partner: CreatedClient;
let other: CreatedClient;
let phoneSeq = 0;

async function changedIntent(client: CreatedClient, status: "approved" | "retry" = "approved") {
  phoneSeq += 1;
  const input = createUserIntentInput.parse(validIntent({ phone: `+1646555${String(phoneSeq).padStart(4, "0")}` }));
  const intent = await createUserIntent(client.client_id, input, { type: "client", id: client.client_id });
  await setUserIntentStatus(intent.id, status, "review", { type: "cli" });
  return intent;
}

beforeAll(async () => {
  partner = await createTestClient();
  other = await createTestClient();
  await setWebhookUrl(partner.client_id, "https://partner.example/hooks", { type: "cli" });
  await setWebhookUrl(other.client_id, "https://other.example/hooks", { type: "cli" });
});

const auth = (client: CreatedClient) => ({ Authorization: basicAuth(client.client_id, client.client_secret!) });

async function list(client: CreatedClient, query = "") {
  const response = await listRoute(apiRequest(`/v1/webhooks/deliveries${query}`, { headers: auth(client) }));
  return { status: response.status, body: (await response.json()) as { data: Record<string, unknown>[]; has_more: boolean; next_cursor: string | null; error?: string } };
}

async function resend(client: CreatedClient, id: string) {
  const response = await resendRoute(apiRequest(`/v1/webhooks/deliveries/${id}/resend`, { method: "POST", headers: auth(client) }), { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("webhook settings", () => {
  it("a client from before signing secrets gets one with its first URL, shown once; encrypted, rotatable; bad URLs refused", async () => {
    const client = await createTestClient();
    expect(client.signing_secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/); // every client has one from creation…
    await db().client.update({ where: { id: client.client_id }, data: { webhookSecretEnc: null } }); // …this one predates that
    const first = await setWebhookUrl(client.client_id, "https://acme.example/a", { type: "cli" });
    expect(first.webhook_secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const stored = await db().client.findUniqueOrThrow({ where: { id: client.client_id } });
    expect(stored.webhookSecretEnc).not.toContain(first.webhook_secret!);
    expect(decryptSecret(stored.webhookSecretEnc!, "webhook-secret")).toBe(first.webhook_secret);

    const changed = await setWebhookUrl(client.client_id, "https://acme.example/b", { type: "cli" });
    expect(changed).toEqual({ client_id: client.client_id, webhook_url: "https://acme.example/b" }); // no secret shown again
    const rotated = await rotateWebhookSecret(client.client_id, { type: "cli" });
    expect(rotated.webhook_secret).not.toBe(first.webhook_secret);
    expect(decryptSecret((await db().client.findUniqueOrThrow({ where: { id: client.client_id } })).webhookSecretEnc!, "webhook-secret")).toBe(rotated.webhook_secret);

    for (const bad of ["ftp://acme.example/x", "http://acme.example/x", "not a url", "https://acme.example/x#frag"]) {
      await expect(setWebhookUrl(client.client_id, bad, { type: "cli" })).rejects.toMatchObject({ code: "webhook_url_invalid" });
    }
    await expect(setWebhookUrl("nope", "https://acme.example/x", { type: "cli" })).rejects.toMatchObject({ code: "client_not_found" });
    expect(await setWebhookUrl(client.client_id, null, { type: "cli" })).toEqual({ client_id: client.client_id, webhook_url: null });

    const audit = await db().auditEvent.findMany({ where: { clientId: client.client_id, type: { in: ["client.updated", "client.signing_secret_rotated"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.type)).toEqual(["client.updated", "client.updated", "client.signing_secret_rotated", "client.updated"]);
    expect(JSON.stringify(audit)).not.toContain(first.webhook_secret!);
  });
});

describe("GET /v1/webhooks/deliveries", () => {
  it("lists only the caller's deliveries, newest first, paged, filtered by status", async () => {
    for (let i = 0; i < 3; i += 1) await changedIntent(partner);
    await changedIntent(other);
    const ids = (await db().webhookDelivery.findMany({ where: { clientId: partner.client_id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map((row) => row.id);
    await db().webhookDelivery.update({ where: { id: ids[1]! }, data: { status: "failed", attempts: 10, lastError: "HTTP 500", lastResponseStatus: 500 } }); // a row from before the outbound module: shown as its category

    const all = await list(partner);
    expect(all.status).toBe(200);
    expect(all.body.data.map((d) => d.id)).toEqual(ids);
    expect(all.body.data[0]).toMatchObject({ kind: "webhook", event_type: "user_intent_updated", status: "pending", attempts: 0, url: "https://partner.example/hooks", body: { webhook_type: "user_intent_updated" } });

    const page1 = await list(partner, "?limit=2");
    expect(page1.body.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(page1.body.has_more).toBe(true);
    const page2 = await list(partner, `?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(page2.body.data.map((d) => d.id)).toEqual(ids.slice(2));

    const failed = await list(partner, "?status=failed");
    expect(failed.body.data).toHaveLength(1);
    expect(failed.body.data[0]).toMatchObject({ id: ids[1], status: "failed", attempts: 10, last_error: "http_500", last_response_status: 500, next_attempt_at: null });

    expect((await list(partner, "?status=lost")).status).toBe(400);
    expect((await list(partner, "?limit=1000")).status).toBe(400);
    expect((await list(partner, "?cursor=garbage")).status).toBe(400);
    expect((await list(other)).body.data).toHaveLength(1);
  });

  it("needs partner authentication", async () => {
    const response = await listRoute(apiRequest("/v1/webhooks/deliveries"));
    expect(response.status).toBe(401);
  });
});

describe("POST /v1/webhooks/deliveries/{id}/resend", () => {
  it("makes a failed delivery due now with fresh attempts and the same webhook_id, audited", async () => {
    await changedIntent(partner, "retry");
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: partner.client_id }, orderBy: { createdAt: "desc" } });
    const past = new Date(Date.now() - 3_600_000);
    await db().webhookDelivery.update({ where: { id: row.id }, data: { status: "failed", attempts: 10, nextAttemptAt: past } });

    const before = Date.now();
    const { status, body } = await resend(partner, row.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: row.id, webhook_id: row.webhookId, status: "pending", attempts: 0 });
    const after = await db().webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "pending", attempts: 0, webhookId: row.webhookId, body: row.body, leaseId: null });
    expect(after.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(after.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const audit = await db().auditEvent.findMany({ where: { type: "webhook.resend_requested", subjectId: row.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "client", actorId: partner.client_id, clientId: partner.client_id });
  });

  it("answers 404 for another client's delivery and for unknown ids, changing nothing", async () => {
    const theirs = await db().webhookDelivery.findFirstOrThrow({ where: { clientId: other.client_id } });
    await db().webhookDelivery.update({ where: { id: theirs.id }, data: { status: "failed" } });
    for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const { status, body } = await resend(partner, id);
      expect(status).toBe(404);
      expect(body.error).toBe("webhook_delivery_not_found");
    }
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("failed");
  });
});
