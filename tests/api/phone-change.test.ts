// Phone change requests: the new number is proved by SMS within the request, an admin decides,
// approval moves the User (one transaction: phone, user_updated webhook, audit) and the intent
// converted under the old number can no longer be used to sign in.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { GET as getRoute, POST as postRoute } from "@/app/v1/user/phone_change_request/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { decidePhoneChange, listPhoneChanges } from "@/lib/phone-changes/decide-phone-change";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { apiRequest, createTestClient, validIntent } from "../support/fixtures";
import { postToken, signIn } from "../support/oauth-fixtures";

let partner: CreatedClient;
let phoneSeq = 0;
let ipSeq = 0;

beforeAll(async () => {
  partner = await createTestClient();
  await setWebhookUrl(partner.client_id, "https://partner.example/hooks", { type: "cli" });
});

function newPhone(): string {
  phoneSeq += 1;
  return `+1718555${String(phoneSeq).padStart(4, "0")}`;
}

/** A user who signed up through the partner's intent, with a user access token. */
async function member() {
  const phone = newPhone();
  const input = createUserIntentInput.parse(validIntent({ phone, metadata: { partner_ref: `ref-${phoneSeq}` } }));
  const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
  const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: partner.client_id, phone }));
  const tokens = await signIn(partner, { id: userId, phone });
  ipSeq += 1;
  return { userId, phone, intentId: intent.id, token: tokens.access_token, ip: `198.51.100.${ipSeq}` };
}

type Member = Awaited<ReturnType<typeof member>>;

async function post(who: Pick<Member, "token" | "ip">, body: unknown) {
  const response = await postRoute(apiRequest("/v1/user/phone_change_request", { method: "POST", ip: who.ip, headers: { Authorization: `Bearer ${who.token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function latest(who: Pick<Member, "token">) {
  const response = await getRoute(apiRequest("/v1/user/phone_change_request", { headers: { Authorization: `Bearer ${who.token}` } }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function codeSentTo(phone: string): Promise<string> {
  const [message] = await listOutboxMessages({ to: phone, limit: 1 });
  const code = message?.body.match(/code is (\d{6})\./)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

/** Both steps: code to the new phone, then the request. */
async function pendingRequest(who: Member, newNumber = newPhone()) {
  expect((await post(who, { new_phone: newNumber })).status).toBe(202);
  const created = await post(who, { new_phone: newNumber, code: await codeSentTo(newNumber) });
  expect(created.status).toBe(201);
  return { id: created.body.id as string, newNumber };
}

describe("POST /v1/user/phone_change_request", () => {
  it("sends a code to the new phone, refuses a wrong code, then creates one pending request", async () => {
    const who = await member();
    const newNumber = newPhone();
    const sent = await post(who, { new_phone: newNumber.replace("+1", "") }); // 10-digit US accepted
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: "code_sent", new_phone: newNumber });
    const code = await codeSentTo(newNumber);

    const refused = await post(who, { new_phone: newNumber, code: wrong(code) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "sms_code_invalid", error_description: "The verification code is wrong" });
    expect(await db().phoneChangeRequest.count({ where: { userId: who.userId } })).toBe(0);

    const created = await post(who, { new_phone: newNumber, code });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "pending", new_phone: newNumber, decided_at: null, decision_reason: null });
    expect(await latest(who)).toEqual({ status: 200, body: created.body });
    expect((await db().user.findUniqueOrThrow({ where: { id: who.userId } })).phone).toBe(who.phone); // nothing changes before review

    // The code is spent, and one request may be open at a time.
    expect((await post(who, { new_phone: newNumber, code })).body.error).toBe("phone_change_pending");
    const another = await post(who, { new_phone: newPhone() });
    expect(another).toMatchObject({ status: 409, body: { error: "phone_change_pending" } });
    const audit = await db().auditEvent.findMany({ where: { type: "phone_change.requested", userId: who.userId } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain(newNumber);
  });

  it("refuses an expired code and creates nothing", async () => {
    const who = await member();
    const newNumber = newPhone();
    await post(who, { new_phone: newNumber });
    const code = await codeSentTo(newNumber);
    await db().smsCode.updateMany({ where: { phone: newNumber, purpose: "phone_change" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await post(who, { new_phone: newNumber, code });
    expect(refused).toMatchObject({ status: 400, body: { error: "sms_code_invalid", error_description: expect.stringMatching(/expired/) } });
    expect(await db().phoneChangeRequest.count({ where: { userId: who.userId } })).toBe(0);
    expect(await latest(who)).toMatchObject({ status: 404, body: { error: "phone_change_not_found" } });
  });

  it("a login code for the new phone does not confirm a phone change", async () => {
    const who = await member();
    const newNumber = newPhone();
    const { requestSignInCode } = await import("@/lib/sms/sign-in-code");
    await requestSignInCode({ phone: newNumber, ip: who.ip, purpose: "login" });
    const refused = await post(who, { new_phone: newNumber, code: await codeSentTo(newNumber) });
    expect(refused).toMatchObject({ status: 400, body: { error: "sms_code_invalid" } });
  });

  it("refuses bad input with clear errors", async () => {
    const who = await member();
    expect(await post(who, { new_phone: "12" })).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: expect.stringMatching(/new_phone: must be a valid phone number/) } });
    expect(await post(who, {})).toMatchObject({ status: 400 });
    expect(await post(who, { new_phone: who.phone })).toMatchObject({ status: 400, body: { error: "phone_change_same_phone" } });
    expect((await post({ token: "nonsense", ip: who.ip }, { new_phone: newPhone() })).status).toBe(401);
    const partnerToken = await postToken(partner, { grant_type: "client_credentials" });
    expect((await post({ token: partnerToken.body.access_token, ip: who.ip }, { new_phone: newPhone() })).status).toBe(403);
    expect((await latest({ token: "nonsense" })).status).toBe(401);
  });

  it("refuses a number another user has, once the code proved the caller holds it", async () => {
    const who = await member();
    const holder = await member();
    expect((await post(who, { new_phone: holder.phone })).status).toBe(202);
    const taken = await post(who, { new_phone: holder.phone, code: await codeSentTo(holder.phone) });
    expect(taken).toMatchObject({ status: 409, body: { error: "phone_change_phone_taken" } });
  });
});

describe("deciding a phone change", () => {
  it("approve: the phone changes, the partner gets user_updated, and the old user_intent_id shows the use-user_id page", async () => {
    const who = await member();
    const { id, newNumber } = await pendingRequest(who);
    expect((await listPhoneChanges()).map((r) => r.id)).toContain(id);
    await db().webhookDelivery.deleteMany();

    const decided = await decidePhoneChange(id, "approve", "ID document matches", { actor: { type: "admin", id: "ops-1" } });
    expect(decided).toMatchObject({ id, status: "approved", new_phone: newNumber, decision_reason: "ID document matches", user_id: who.userId });
    expect((await db().user.findUniqueOrThrow({ where: { id: who.userId } })).phone).toBe(newNumber);
    expect(await latest(who)).toMatchObject({ status: 200, body: { id, status: "approved", decision_reason: "ID document matches" } });

    const [webhook] = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id, eventType: "user_updated" } });
    expect(JSON.parse(webhook!.body)).toMatchObject({ webhook_type: "user_updated", user_id: who.userId, resource_id: who.userId, metadata: { partner_ref: expect.any(String) } });
    const updated = await db().auditEvent.findMany({ where: { type: "user.updated", userId: who.userId } });
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ actorType: "admin", actorId: "ops-1", data: { phone_change_request_id: id, reason: "ID document matches" } });
    expect(await db().auditEvent.count({ where: { type: "phone_change.approved", subjectId: id } })).toBe(1);

    // The partner's old link: a developer-facing page, never a sign-in that can only fail.
    const response = await authorizeRoute(
      apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", user_intent_id: who.intentId })}`),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const page = await response.text();
    expect(page).toContain("This sign-up link is out of date");
    expect(page).toContain("use user_id instead of user_intent_id");
    await expect(db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: who.intentId, clientId: partner.client_id, phone: newNumber }))).rejects.toMatchObject({ code: "intent_converted_to_other_user" });
    // With user_id the partner's link works.
    const byUser = await authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", user_id: who.userId })}`));
    expect(byUser.status).toBe(302);
    expect(new URL(byUser.headers.get("location")!, "http://localhost").pathname).toMatch(/^\/login/); // the sign-in starts

    await expect(decidePhoneChange(id, "reject", "changed my mind", { actor: { type: "cli" } })).rejects.toMatchObject({ code: "phone_change_already_decided" });
  });

  it("reject: nothing about the user changes, and a new request may follow", async () => {
    const who = await member();
    const { id } = await pendingRequest(who);
    await db().webhookDelivery.deleteMany();
    const decided = await decidePhoneChange(id, "reject", "could not confirm identity", { actor: { type: "cli" } });
    expect(decided).toMatchObject({ status: "rejected", decision_reason: "could not confirm identity" });
    expect((await db().user.findUniqueOrThrow({ where: { id: who.userId } })).phone).toBe(who.phone);
    expect(await db().auditEvent.count({ where: { type: "user.updated", userId: who.userId } })).toBe(0);
    expect(await db().webhookDelivery.count()).toBe(0);
    expect(await latest(who)).toMatchObject({ body: { id, status: "rejected", decision_reason: "could not confirm identity" } });
    const authorize = await authorizeRoute(
      apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", user_intent_id: who.intentId })}`),
    );
    expect(authorize.status).toBe(302);
    expect(new URL(authorize.headers.get("location")!, "http://localhost").pathname).toMatch(/^\/login/); // the sign-in starts
    expect((await post(who, { new_phone: newPhone() })).status).toBe(202);
  });

  it("20 concurrent approvals of one request: exactly one applies", async () => {
    const who = await member();
    const { id, newNumber } = await pendingRequest(who);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => decidePhoneChange(id, "approve", `approval ${i}`, { actor: { type: "admin", id: `a${i}` } })));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === "rejected")) expect(lost.reason).toMatchObject({ code: "phone_change_already_decided" });
    expect((await db().user.findUniqueOrThrow({ where: { id: who.userId } })).phone).toBe(newNumber);
    expect(await db().auditEvent.count({ where: { type: "user.updated", userId: who.userId } })).toBe(1);
    expect(await db().webhookDelivery.count({ where: { eventType: "user_updated", body: { contains: who.userId } } })).toBe(1);
  });

  it("approval refuses a number another user took meanwhile, and leaves the request pending", async () => {
    const who = await member();
    const { id, newNumber } = await pendingRequest(who);
    await db().user.create({ data: { phone: newNumber } });
    await expect(decidePhoneChange(id, "approve", "ok", { actor: { type: "cli" } })).rejects.toMatchObject({ code: "phone_change_phone_taken" });
    expect((await db().phoneChangeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect((await db().user.findUniqueOrThrow({ where: { id: who.userId } })).phone).toBe(who.phone);
  });

  it("needs a reason and a real request", async () => {
    await expect(decidePhoneChange("00000000-0000-4000-8000-000000000000", "approve", "ok", { actor: { type: "cli" } })).rejects.toMatchObject({ code: "phone_change_not_found" });
    await expect(decidePhoneChange("nope", "approve", "ok", { actor: { type: "cli" } })).rejects.toMatchObject({ code: "phone_change_not_found" });
    await expect(decidePhoneChange("00000000-0000-4000-8000-000000000000", "approve", " ", { actor: { type: "cli" } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
