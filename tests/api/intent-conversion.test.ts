import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { checkIntentForAuthorize, convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { getUserIntent } from "@/lib/intents/get-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { findOrCreateUserByPhone } from "@/lib/users/find-or-create";
import { setUserStatus } from "@/lib/users/set-user-status";
import { createTestClient } from "../support/fixtures";

let partner: CreatedClient;
let other: CreatedClient;
let emailCounter = 0;

beforeAll(async () => {
  partner = await createTestClient();
  other = await createTestClient();
});

const usedPhones = new Set<string>();

/** A fresh, valid US number (San Francisco area code, exchange 200–999). */
function newPhone(): string {
  for (;;) {
    const phone = `+1415${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, "0")}`;
    if (!usedPhones.has(phone)) {
      usedPhones.add(phone);
      return phone;
    }
  }
}

async function newIntent(options: { phone?: string; status?: UserStatus; client?: CreatedClient } = {}) {
  const phone = options.phone ?? newPhone();
  emailCounter += 1;
  const input = createUserIntentInput.parse({
    email: `p${emailCounter}.${Date.now()}@example.com`,
    phone,
    first_name: "Grace",
    last_name: "Hopper",
    date_of_birth: "1985-06-01",
    ssn: "234-56-7890",
    address1: "2 Main St",
    city: "Austin",
    state: "TX",
    postal_code: "73301",
    ip_address: "198.51.100.4",
  });
  const intent = await createUserIntent((options.client ?? partner).client_id, input, { type: "client", id: (options.client ?? partner).client_id });
  if (options.status && options.status !== "pending") await setUserIntentStatus(intent.id, options.status, "review outcome", { type: "cli" });
  return { ...intent, phone: input.phone };
}

function convert(intentId: string, phone: string, clientId = partner.client_id) {
  return db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId, clientId, phone }));
}

describe("intent conversion on sign-in", () => {
  it("intent-conversion-inherits-status: a new user takes the intent's status and profile", async () => {
    const intent = await newIntent({ status: "retry" });
    const result = await convert(intent.id, intent.phone);
    expect(result.userCreated).toBe(true);
    const user = await db().user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ phone: intent.phone, status: "retry", email: intent.email, firstName: "Grace", lastName: "Hopper" });

    const after = await getUserIntent(partner.client_id, intent.id);
    expect(after).toMatchObject({ status: "converted_to_user", user_id: result.userId });

    const created = await db().auditEvent.findMany({ where: { type: "user.created", userId: result.userId } });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ clientId: partner.client_id, data: { status: "retry", source: "user_intent" } });
    const converted = await db().auditEvent.findMany({ where: { type: "user_intent.updated", subjectId: intent.id, data: { path: ["to"], equals: "converted_to_user" } } });
    expect(converted).toHaveLength(1);
    expect(converted[0]).toMatchObject({ clientId: partner.client_id, userId: result.userId, data: { from: "retry", to: "converted_to_user", user_id: result.userId } });
  });

  it.each(["approved", "pending", "document", "rejected", "suspended"] as const)("a new user inherits %s", async (status) => {
    const intent = await newIntent({ status });
    const { userId } = await convert(intent.id, intent.phone);
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe(status);
  });

  it("an existing approved user (found by phone) keeps its status — the stricter document decision is recorded, not applied — and its profile", async () => {
    const phone = newPhone();
    const existing = await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone, "approved"));
    expect(existing.created).toBe(true);
    const intent = await newIntent({ phone, status: "document" });
    const result = await convert(intent.id, phone);
    expect(result).toEqual({ userId: existing.user.id, userCreated: false });
    expect(await db().user.findUniqueOrThrow({ where: { id: existing.user.id } })).toMatchObject({ status: "approved", email: null });
    expect((await getUserIntent(partner.client_id, intent.id)).status).toBe("converted_to_user");
    expect(await db().auditEvent.count({ where: { type: "user.created", userId: existing.user.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "user.intent_status_kept", userId: existing.user.id } })).toBe(1);
  });

  it("converted twice → the same user, converted once", async () => {
    const intent = await newIntent();
    const first = await convert(intent.id, intent.phone);
    const second = await convert(intent.id, intent.phone);
    expect(second).toEqual({ userId: first.userId, userCreated: false });
    expect(await db().auditEvent.count({ where: { type: "user_intent.updated", subjectId: intent.id } })).toBe(1);
  });

  it("phone mismatch: another phone cannot claim the intent, and nothing changes", async () => {
    const intent = await newIntent();
    const stranger = newPhone();
    await expect(convert(intent.id, stranger)).rejects.toMatchObject({ code: "intent_phone_mismatch", status: 409 });
    expect((await getUserIntent(partner.client_id, intent.id)).status).toBe("pending");
    expect(await db().user.count({ where: { phone: stranger } })).toBe(0);
    // Also once converted.
    await convert(intent.id, intent.phone);
    await expect(convert(intent.id, stranger)).rejects.toMatchObject({ code: "intent_phone_mismatch" });
  });

  it("cross-partner-isolation: another client's intent, a malformed or an unknown id is intent_not_found", async () => {
    const intent = await newIntent();
    await expect(convert(intent.id, intent.phone, other.client_id)).rejects.toMatchObject({ code: "intent_not_found", status: 404 });
    await expect(convert("nope", intent.phone)).rejects.toMatchObject({ code: "intent_not_found" });
    await expect(convert("7f0d2c1e-0000-4000-8000-000000000000", intent.phone)).rejects.toMatchObject({ code: "intent_not_found" });
    expect((await getUserIntent(partner.client_id, intent.id)).status).toBe("pending");
    expect(await checkIntentForAuthorize(other.client_id, intent.id)).toEqual({ ok: false, code: "intent_not_found" });
    expect(await checkIntentForAuthorize(partner.client_id, "nope")).toEqual({ ok: false, code: "intent_not_found" });
  });

  it("converted-then-phone-changed → intent_converted_to_other_user (the partner must use user_id)", async () => {
    const intent = await newIntent();
    const { userId } = await convert(intent.id, intent.phone);
    expect(await checkIntentForAuthorize(partner.client_id, intent.id)).toMatchObject({ ok: true, intent: { id: intent.id, status: "converted_to_user" } });
    // An approved phone change (its own issue) moves the user to a new number.
    const newNumber = newPhone();
    await db().user.update({ where: { id: userId }, data: { phone: newNumber } });
    await expect(convert(intent.id, intent.phone)).rejects.toMatchObject({ code: "intent_converted_to_other_user", description: expect.stringMatching(/use user_id/) });
    await expect(convert(intent.id, newNumber)).rejects.toMatchObject({ code: "intent_converted_to_other_user" });
    expect(await checkIntentForAuthorize(partner.client_id, intent.id)).toEqual({ ok: false, code: "intent_converted_to_other_user" });
    expect(await db().user.count({ where: { phone: intent.phone } })).toBe(0);
  });

  it("checkIntentForAuthorize accepts an intent that is not converted yet", async () => {
    const intent = await newIntent({ status: "approved" });
    const check = await checkIntentForAuthorize(partner.client_id, intent.id);
    expect(check).toMatchObject({ ok: true, intent: { id: intent.id, status: "approved", clientId: partner.client_id } });
    expect(check.ok && "user" in check.intent).toBe(false);
  });

  it("10 concurrent conversions of one intent → one user, intent converted once", async () => {
    const intent = await newIntent({ status: "approved" });
    const results = await Promise.all(Array.from({ length: 10 }, () => convert(intent.id, intent.phone)));
    expect(new Set(results.map((result) => result.userId)).size).toBe(1);
    expect(results.filter((result) => result.userCreated)).toHaveLength(1);
    expect(await db().user.count({ where: { phone: intent.phone } })).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "user.created", userId: results[0]!.userId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "user_intent.updated", subjectId: intent.id } })).toBe(2); // pending → approved, then conversion
  });

  it("two intents of one phone (two partners) converting at once → one user", async () => {
    const phone = newPhone();
    const mine = await newIntent({ phone, status: "approved" });
    const theirs = await newIntent({ phone, client: other });
    const [a, b] = await Promise.all([convert(mine.id, phone), convert(theirs.id, phone, other.client_id)]);
    expect(a.userId).toBe(b.userId);
    expect([a.userCreated, b.userCreated].filter(Boolean)).toHaveLength(1);
  });
});

describe("findOrCreateUserByPhone", () => {
  it("is race-safe: 10 concurrent sign-ins of a new phone create one user", async () => {
    const phone = newPhone();
    const results = await Promise.all(Array.from({ length: 10 }, () => db().$transaction((tx) => findOrCreateUserByPhone(tx, phone))));
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results[0]!.user.status).toBe("pending");
    expect(await db().auditEvent.count({ where: { type: "user.created", userId: results[0]!.user.id } })).toBe(1);
  });

  it("rolls back with its transaction", async () => {
    const phone = newPhone();
    await expect(
      db().$transaction(async (tx) => {
        await findOrCreateUserByPhone(tx, phone);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await db().user.count({ where: { phone } })).toBe(0);
  });
});

describe("user status changes", () => {
  it("go through the state machine and emit user.updated", async () => {
    const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, newPhone()));
    expect(await setUserStatus(user.id, "document", "address proof needed", { type: "cli" })).toEqual({ user_id: user.id, from: "pending", to: "document", reason: "address proof needed" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "user.updated", userId: user.id } });
    expect(event).toMatchObject({ actorType: "cli", subjectId: user.id, data: { from: "pending", to: "document", reason: "address proof needed" } });
    await setUserStatus(user.id, "approved", "documents match", { type: "cli" });
    await setUserStatus(user.id, "suspended", "chargebacks", { type: "cli" });
    await setUserStatus(user.id, "approved", "reinstated after review", { type: "cli" });
  });

  it("refuse transitions the table does not allow, and change nothing", async () => {
    const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, newPhone(), "approved"));
    await expect(setUserStatus(user.id, "pending", "re-review", { type: "cli" })).rejects.toMatchObject({ code: "invalid_status_transition", description: "approved to pending is not allowed" });
    await expect(setUserStatus(user.id, "converted_to_user", "x", { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setUserStatus(user.id, "suspended", "", { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setUserStatus("not-a-uuid", "suspended", "x", { type: "cli" })).rejects.toMatchObject({ code: "user_not_found" });
    await expect(setUserStatus("7f0d2c1e-0000-4000-8000-000000000000", "suspended", "x", { type: "cli" })).rejects.toMatchObject({ code: "user_not_found" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("approved");
    expect(await db().auditEvent.count({ where: { type: "user.updated", userId: user.id } })).toBe(0);
  });

  it("concurrent changes queue: of 10 simultaneous rejections exactly one applies", async () => {
    const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, newPhone()));
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => setUserStatus(user.id, "rejected", `reviewer ${i}`, { type: "admin", id: `a${i}` })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "invalid_status_transition" });
    expect(await db().auditEvent.count({ where: { type: "user.updated", userId: user.id } })).toBe(1);
  });
});
