import { beforeAll, describe, expect, it } from "vitest";
import { GET as getIntentRoute } from "@/app/v1/user_intent/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/v1/user_intent/route";
import { setSandboxAutoApprove } from "@/lib/clients/update-client";
import type { CreatedClient } from "@/lib/clients/create-client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import type { UserIntentResource } from "@/lib/intents/serialize";
import { apiRequest, basicAuth, createTestClient, uniqueEmail, validIntent } from "../support/fixtures";

type ErrorBody = { error: string; error_description: string; details?: { path: string; message: string }[] };

let partner: CreatedClient;
let other: CreatedClient;

beforeAll(async () => {
  partner = await createTestClient();
  other = await createTestClient();
});

const auth = (client: CreatedClient) => ({ Authorization: basicAuth(client.client_id, client.client_secret!) });

async function create(body: unknown, client = partner, headers: Record<string, string> = {}) {
  const response = await createRoute(
    apiRequest("/v1/user_intent", {
      method: "POST",
      headers: { ...auth(client), "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { response, body: (await response.json()) as UserIntentResource & ErrorBody };
}

async function get(id: string, client = partner) {
  const response = await getIntentRoute(apiRequest(`/v1/user_intent/${encodeURIComponent(id)}`, { headers: auth(client) }), { params: Promise.resolve({ id }) });
  return { response, body: (await response.json()) as UserIntentResource & ErrorBody };
}

async function list(query: string, client = partner) {
  const response = await listRoute(apiRequest(`/v1/user_intent${query}`, { headers: auth(client) }));
  return { response, body: (await response.json()) as { data: UserIntentResource[]; has_more: boolean; next_cursor: string | null } & ErrorBody };
}

describe("POST /v1/user_intent", () => {
  it("creates a pending intent with every field normalised and echoed", async () => {
    const email = uniqueEmail();
    const { response, body } = await create(validIntent({ email: `  ${email.toUpperCase()} `, state: "ca", postal_code: "94105-1234", metadata: { crm_id: "c-42", tags: ["a"] } }));
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/v1/user_intent/${body.id}`);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "pending",
      user_id: null,
      type: "personal",
      email,
      phone: "+14155550132",
      first_name: "Ada",
      last_name: "Lovelace",
      date_of_birth: "1990-12-10",
      address1: "1 Market St",
      address2: "",
      city: "San Francisco",
      state: "CA",
      postal_code: "94105-1234",
      ip_address: "203.0.113.9",
      metadata: { crm_id: "c-42", tags: ["a"] },
      ssn_last4: "6789",
      client_user_id: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const events = await db().auditEvent.findMany({ where: { type: "user_intent.created", subjectId: body.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: partner.client_id, actorType: "client", actorId: partner.client_id, data: { status: "pending", auto_approved: false } });
  });

  it("accepts E.164 phones, business type, IPv6 and a missing address2", async () => {
    const input = validIntent({ phone: "+442071838750", type: "business", ip_address: "2001:db8::1" });
    delete input.address2;
    const { response, body } = await create(input);
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ phone: "+442071838750", type: "business", ip_address: "2001:db8::1", address2: "", metadata: {} });
  });

  it("ssn-never-returned-and-stored-encrypted", async () => {
    const { body } = await create(validIntent({ ssn: "123456789" }));
    expect(JSON.stringify(body)).not.toMatch(/123-?45-?6789/);
    expect(body).not.toHaveProperty("ssn");
    const row = await db().userIntent.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.ssnEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("123456789");
    expect(decryptSecret(row.ssnEnc!, "pii")).toBe("123456789");
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { subjectId: body.id } }))).not.toContain("123456789");
    expect(JSON.stringify((await get(body.id)).body)).not.toContain("123456789");
  });

  it.each([
    ["a missing email", { email: undefined }, /^email: is required/],
    ["a bad email", { email: "not-an-email" }, /^email: must be a valid email address/],
    ["a missing phone", { phone: undefined }, /^phone: is required/],
    ["a bad phone", { phone: "12345" }, /^phone: must be a valid phone number/],
    ["a missing first name", { first_name: undefined }, /^first_name: is required/],
    ["a blank last name", { last_name: "   " }, /^last_name: must not be empty/],
    ["a non-string name", { first_name: 42 }, /^first_name: must be a string/],
    ["a control character in a name", { first_name: "Ada\u0000" }, /control characters/],
    ["a date in the wrong format", { date_of_birth: "12/10/1990" }, /^date_of_birth: must be a date in YYYY-MM-DD format/],
    ["an impossible date", { date_of_birth: "1990-02-30" }, /^date_of_birth: 1990-02-30 is not a calendar date/],
    ["a birth date in the future", { date_of_birth: `${new Date().getUTCFullYear() + 1}-01-01` }, /^date_of_birth: must be in the past/],
    ["an age over 130", { date_of_birth: "1850-01-01" }, /^date_of_birth: must be within the last 130 years/],
    ["an SSN with letters", { ssn: "123-45-678X" }, /^ssn: must be 9 digits/],
    ["an SSN that is too short", { ssn: "12345678" }, /^ssn: must be 9 digits/],
    ["an SSN that is never issued", { ssn: "666-12-3456" }, /^ssn: is not a valid SSN/],
    ["a null address2 (send an empty string)", { address2: null }, /^address2: must be a string \(send an empty string when there is none\)/],
    ["an unknown state", { state: "XX" }, /^state: must be a US state/],
    ["a bad postal code", { postal_code: "9410" }, /^postal_code: must be a ZIP code/],
    ["a bad IP address", { ip_address: "300.1.1.1" }, /^ip_address: must be an IPv4 or IPv6 address/],
    ["an unknown type", { type: "corporate" }, /^type: must be personal or business/],
    ["metadata that is an array", { metadata: [1, 2] }, /^metadata: must be a JSON object/],
    ["metadata over 4 KB", { metadata: { blob: "x".repeat(4100) } }, /^metadata: must be at most 4096 bytes/],
    ["an unknown field", { nickname: "ace" }, /Unrecognized key: 'nickname'/],
  ])("rejects %s with a clear message and writes nothing", async (_label, overrides, message) => {
    const intentsBefore = await db().userIntent.count();
    const eventsBefore = await db().auditEvent.count({ where: { type: "user_intent.created" } });
    const { response, body } = await create(validIntent(overrides));
    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(message);
    expect(await db().userIntent.count()).toBe(intentsBefore);
    expect(await db().auditEvent.count({ where: { type: "user_intent.created" } })).toBe(eventsBefore);
  });

  it("rejects bodies that are not JSON objects", async () => {
    expect((await create("{not json")).body.error).toBe("malformed_json");
    expect((await create("[]")).body.error).toBe("invalid_request");
    const wrongType = await create(validIntent(), partner, { "Content-Type": "text/plain" });
    expect(wrongType.response.status).toBe(415);
  });

  it("requires partner authentication", async () => {
    const response = await createRoute(apiRequest("/v1/user_intent", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(validIntent()) }));
    expect(response.status).toBe(401);
    const wrong = await create(validIntent(), { ...partner, client_secret: "tgs_wrong" });
    expect(wrong.response.status).toBe(401);
  });
});

describe("intent-limit-per-email", () => {
  it("allows three intents per email per client, whatever the email's case", async () => {
    const email = uniqueEmail();
    for (const variant of [email, email.toUpperCase(), ` ${email}`]) expect((await create(validIntent({ email: variant }))).response.status).toBe(201);
    const fourth = await create(validIntent({ email }));
    expect(fourth.response.status).toBe(409);
    expect(fourth.body).toEqual({ error: "intent_limit_reached", error_description: expect.stringMatching(/At most 3 user intents/) });
    // The limit is per client: another partner may still register this person.
    expect((await create(validIntent({ email }), other)).response.status).toBe(201);
    expect(await db().userIntent.count({ where: { clientId: partner.client_id, email } })).toBe(3);
  });

  it("holds under 10 concurrent creates: exactly 3 succeed", async () => {
    const email = uniqueEmail();
    const results = await Promise.all(Array.from({ length: 10 }, () => create(validIntent({ email }))));
    const statuses = results.map((result) => result.response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    expect(await db().userIntent.count({ where: { clientId: partner.client_id, email } })).toBe(3);
  });
});

describe("sandbox auto-approve", () => {
  it("approves new intents at once while the client's sandbox switch is on, and audits it", async () => {
    const sandbox = await createTestClient({ name: "Sandbox partner" });
    expect((await create(validIntent(), sandbox)).body.status).toBe("pending");
    expect(await setSandboxAutoApprove(sandbox.client_id, true, { type: "cli" })).toEqual({ client_id: sandbox.client_id, sandbox_auto_approve: true });
    const approved = await create(validIntent(), sandbox);
    expect(approved.body.status).toBe("approved");
    const created = await db().auditEvent.findFirstOrThrow({ where: { type: "user_intent.created", subjectId: approved.body.id } });
    expect(created.data).toMatchObject({ status: "approved", auto_approved: true });
    const toggled = await db().auditEvent.findFirstOrThrow({ where: { type: "client.updated", clientId: sandbox.client_id } });
    expect(toggled).toMatchObject({ actorType: "cli", data: { sandbox_auto_approve: { from: false, to: true } } });
    // Other clients are unaffected.
    expect((await create(validIntent())).body.status).toBe("pending");
    await setSandboxAutoApprove(sandbox.client_id, false, { type: "cli" });
    expect((await create(validIntent(), sandbox)).body.status).toBe("pending");
  });

  it("refuses an unknown client", async () => {
    await expect(setSandboxAutoApprove("no-such-client", true, { type: "cli" })).rejects.toMatchObject({ code: "client_not_found" });
  });
});

describe("GET /v1/user_intent/{id}", () => {
  it("returns the intent, including status changes", async () => {
    const { body: created } = await create(validIntent());
    const { response, body } = await get(created.id);
    expect(response.status).toBe(200);
    expect(body).toEqual(created);
    await setUserIntentStatus(created.id, "document", "ID photo unreadable", { type: "cli" });
    expect((await get(created.id)).body.status).toBe("document");
  });

  it("cross-partner-isolation: another partner's intent is 404, never 403", async () => {
    const { body: created } = await create(validIntent());
    const { response, body } = await get(created.id, other);
    expect(response.status).toBe(404);
    expect(body).toEqual({ error: "intent_not_found", error_description: "No user intent with this id" });
    expect(JSON.stringify(body)).not.toContain(created.email);
  });

  it.each([
    ["a malformed id", "not-a-uuid"],
    ["an unknown id", "7f0d2c1e-0000-4000-8000-000000000000"],
    ["an SQL-looking id", "' OR 1=1 --"],
  ])("answers 404 intent_not_found for %s", async (_label, id) => {
    const { response, body } = await get(id);
    expect(response.status).toBe(404);
    expect(body.error).toBe("intent_not_found");
  });
});

describe("GET /v1/user_intent", () => {
  it("pages newest first with an opaque cursor and never shows another partner's intents", async () => {
    const lister = await createTestClient();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(validIntent(), lister)).body.id);
    await create(validIntent(), other);
    const newestFirst = [...ids].reverse();

    const first = await list("?limit=2", lister);
    expect(first.response.status).toBe(200);
    expect(first.body.data.map((intent) => intent.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.has_more).toBe(true);
    expect(first.body.next_cursor).toEqual(expect.any(String));

    const second = await list(`?limit=2&cursor=${first.body.next_cursor}`, lister);
    expect(second.body.data.map((intent) => intent.id)).toEqual(newestFirst.slice(2, 4));
    const third = await list(`?limit=2&cursor=${second.body.next_cursor}`, lister);
    expect(third.body.data.map((intent) => intent.id)).toEqual(newestFirst.slice(4));
    expect(third.body.has_more).toBe(false);
    expect(third.body.next_cursor).toBeNull();

    const all = await list("", lister);
    expect(all.body.data.map((intent) => intent.id)).toEqual(newestFirst);
    expect(all.body.has_more).toBe(false);
    expect(JSON.stringify(all.body)).not.toMatch(/"ssn"/);
  });

  it("filters by email", async () => {
    const email = uniqueEmail();
    const { body: created } = await create(validIntent({ email }));
    const { body } = await list(`?email=${encodeURIComponent(email.toUpperCase())}`);
    expect(body.data.map((intent) => intent.id)).toEqual([created.id]);
  });

  it.each([
    ["limit=0", /^limit: must be an integer from 1 to 100/],
    ["limit=101", /^limit: must be an integer from 1 to 100/],
    ["limit=ten", /^limit: must be an integer from 1 to 100/],
    ["cursor=garbage", /^cursor: is not a cursor returned by this API/],
    [`cursor=${Buffer.from('["2024-01-01T00:00:00.000Z","x"]').toString("base64url")}`, /^cursor: is not a cursor/],
  ])("rejects %s with a clear message", async (query, message) => {
    const { response, body } = await list(`?${query}`);
    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(message);
  });
});

describe("intent status changes", () => {
  it("go through the state machine and are audited with from, to and reason", async () => {
    const { body: created } = await create(validIntent());
    const changed = await setUserIntentStatus(created.id, "approved", "  documents match ", { type: "cli" });
    expect(changed).toEqual({ user_intent_id: created.id, from: "pending", to: "approved", reason: "documents match" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "user_intent.updated", subjectId: created.id } });
    expect(event).toMatchObject({ actorType: "cli", clientId: partner.client_id, data: { from: "pending", to: "approved", reason: "documents match" } });
  });

  it("refuse transitions the table does not allow, and change nothing", async () => {
    const { body: created } = await create(validIntent());
    await setUserIntentStatus(created.id, "rejected", "failed KYC", { type: "cli" });
    await expect(setUserIntentStatus(created.id, "approved", "second look", { type: "cli" })).rejects.toMatchObject({
      code: "invalid_status_transition",
      description: "rejected to approved is not allowed",
    });
    await expect(setUserIntentStatus(created.id, "converted_to_user", "manual", { type: "cli" })).rejects.toMatchObject({ code: "invalid_status_transition" });
    expect((await get(created.id)).body.status).toBe("rejected");
    expect(await db().auditEvent.count({ where: { type: "user_intent.updated", subjectId: created.id } })).toBe(1);
  });

  it("suspended-can-be-reinstated", async () => {
    const { body: created } = await create(validIntent());
    await setUserIntentStatus(created.id, "suspended", "fraud signal", { type: "admin", id: "a1" });
    expect((await setUserIntentStatus(created.id, "approved", "cleared", { type: "admin", id: "a1" })).to).toBe("approved");
  });

  it("require a reason, a known status and an existing intent", async () => {
    const { body: created } = await create(validIntent());
    await expect(setUserIntentStatus(created.id, "approved", "   ", { type: "cli" })).rejects.toMatchObject({ code: "validation_failed", description: "a reason is required" });
    await expect(setUserIntentStatus(created.id, "great", "because", { type: "cli" })).rejects.toMatchObject({ code: "validation_failed", description: expect.stringMatching(/^status must be one of/) });
    await expect(setUserIntentStatus("not-a-uuid", "approved", "because", { type: "cli" })).rejects.toMatchObject({ code: "intent_not_found" });
    await expect(setUserIntentStatus("7f0d2c1e-0000-4000-8000-000000000000", "approved", "because", { type: "cli" })).rejects.toMatchObject({ code: "intent_not_found" });
    expect((await get(created.id)).body.status).toBe("pending");
  });
});
