// Every callback signed: a client gets its signing secret at creation (shown once), authenticator
// challenge callbacks and webhooks carry Trustgate-Signature, the README's recipe verifies them,
// refuses forgeries, and follows a rotation. Clients made before signing secrets still sign.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backfillSigningSecrets, rotateSigningSecret } from "@/lib/clients/signing-secret";
import { createHmac } from "node:crypto";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { createTestClient } from "../support/fixtures";
import { loadVerifyWebhook, type VerifyTrustgateWebhook } from "../support/readme-examples";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let receiver: WebhookReceiver;
let verify: VerifyTrustgateWebhook;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  verify = loadVerifyWebhook("verify-webhook");
});

afterAll(async () => {
  await receiver?.close();
});

beforeEach(async () => {
  receiver.received.length = 0;
  await db().webhookDelivery.deleteMany();
});

/** A challenge status change for `clientId`, as lib/authenticator emits it; delivered at once. */
async function challengeCallback(clientId: string, status = "VERIFIED") {
  const callback = { challenge_id: crypto.randomUUID(), factor_id: "f-1", reference_id: "login-42", status, updated_at: new Date().toISOString() };
  await db().$transaction((tx) => emit(tx, { type: "authenticator.challenge_updated", actor: { type: "user" }, clientId, subjectId: callback.challenge_id, data: { callback } }));
  expect(await runDeliveryBatch()).toMatchObject({ succeeded: 1 });
  return receiver.received.at(-1)!;
}

describe("signed-callbacks", () => {
  it("a new client's signing secret is shown once, stored encrypted, and signs its authenticator callbacks (no webhook URL needed)", async () => {
    const partner = await createTestClient();
    expect(partner.signing_secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const stored = await db().client.findUniqueOrThrow({ where: { id: partner.client_id } });
    expect(stored.webhookUrl).toBeNull();
    expect(stored.webhookSecretEnc).not.toContain(partner.signing_secret);
    expect(decryptSecret(stored.webhookSecretEnc!, "webhook-secret")).toBe(partner.signing_secret);
    const created = await db().auditEvent.findFirstOrThrow({ where: { clientId: partner.client_id, type: "client.created" } });
    expect(JSON.stringify(created)).not.toContain(partner.signing_secret);

    await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: `${receiver.url}/challenges` } });
    const received = await challengeCallback(partner.client_id);
    expect(received.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(received.rawBody, received.signature, partner.signing_secret)).toBe(true);
  });

  it("the README recipe refuses forgeries: another secret, a changed body, a changed or replayed timestamp, a missing header", async () => {
    const partner = await createTestClient();
    await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: `${receiver.url}/challenges` } });
    const received = await challengeCallback(partner.client_id);
    const secret = partner.signing_secret;
    const { t, v1 } = Object.fromEntries(received.signature.split(",").map((part) => part.split("="))) as { t: string; v1: string };
    const forgedBody = received.rawBody.replace("VERIFIED", "FAILED");
    const attacker = "whsec_attacker-chosen-secret-aaaaaaaaaaaaaaaaaaaaaa";
    const attackerSigned = `t=${t},v1=${createHmac("sha256", attacker).update(`${t}.${forgedBody}`).digest("hex")}`;
    expect(verify(forgedBody, received.signature, secret)).toBe(false); // body changed, signature kept
    expect(verify(forgedBody, attackerSigned, secret)).toBe(false); // signed with the attacker's own key
    expect(verify(received.rawBody, `t=${Number(t) + 1},v1=${v1}`, secret)).toBe(false); // timestamp moved
    expect(verify(received.rawBody, `t=${t},v1=${"0".repeat(64)}`, secret)).toBe(false);
    expect(verify(received.rawBody, undefined, secret)).toBe(false);
    expect(verify(received.rawBody, received.signature, secret, Number(t) + 301)).toBe(false); // replayed 5 min later
    expect(verify(received.rawBody, received.signature, (await createTestClient()).signing_secret)).toBe(false); // another partner's secret
    expect(verify(received.rawBody, received.signature, secret)).toBe(true);
  });

  it("rotation: callbacks and webhooks from then on verify with the new secret only", async () => {
    const partner = await createTestClient();
    await db().client.update({ where: { id: partner.client_id }, data: { authenticatorCallbackUrl: `${receiver.url}/challenges`, webhookUrl: `${receiver.url}/hooks` } });
    const before = await challengeCallback(partner.client_id);
    expect(verify(before.rawBody, before.signature, partner.signing_secret)).toBe(true);

    const rotated = await rotateSigningSecret(partner.client_id, { type: "cli" });
    expect(rotated.signing_secret).toMatch(/^whsec_/);
    expect(rotated.signing_secret).not.toBe(partner.signing_secret);
    const after = await challengeCallback(partner.client_id, "FAILED");
    expect(verify(after.rawBody, after.signature, rotated.signing_secret)).toBe(true);
    expect(verify(after.rawBody, after.signature, partner.signing_secret)).toBe(false);
    const audited = await db().auditEvent.findFirstOrThrow({ where: { clientId: partner.client_id, type: "client.signing_secret_rotated" } });
    expect(JSON.stringify(audited)).not.toContain(rotated.signing_secret);
    await expect(rotateSigningSecret("no-such-client", { type: "cli" })).rejects.toMatchObject({ code: "client_not_found" });
  });

  it("a client from before signing secrets gets one: at boot (backfill) or at its first callback; nothing leaves unsigned", async () => {
    const partner = await createTestClient();
    const legacy = await createTestClient();
    await db().client.updateMany({ where: { id: { in: [partner.client_id, legacy.client_id] } }, data: { webhookSecretEnc: null, authenticatorCallbackUrl: `${receiver.url}/challenges` } });
    // First callback: a secret is made on the spot and the callback is signed with it.
    const received = await challengeCallback(partner.client_id);
    const made = decryptSecret((await db().client.findUniqueOrThrow({ where: { id: partner.client_id } })).webhookSecretEnc!, "webhook-secret");
    expect(verify(received.rawBody, received.signature, made)).toBe(true);
    // The boot backfill gives the other one a secret; the partner learns it by rotating.
    expect(await backfillSigningSecrets()).toBe(1);
    expect(await db().client.count({ where: { webhookSecretEnc: null } })).toBe(0);
  });
});
