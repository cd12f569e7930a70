// POST /v1/partner/identity/verification against a real customer API (node:http): a token only
// when the partner's customer authenticated within 30 days with the same phone; every other
// answer has its own error, is audited, leaks none of the customer's data, and mints nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { findClient } from "@/lib/clients/find-client";
import { maskPhone } from "@/lib/phone/normalize";
import { mintTrustedAuthToken } from "@/lib/trusted-auth/mint-token";
import { identityVerificationRequest } from "@/lib/trusted-auth/schemas";
import { respond, seedCustomer, startCustomerApi, type CustomerApi } from "../support/customer-api";
import { createTestClient } from "../support/fixtures";
import { freePort } from "../support/server";
import { intentOf, mintVia, newPhone, trustedPartner, userOf, verificationBody } from "../support/trusted-auth";

let api: CustomerApi;
let partner: CreatedClient;
let other: CreatedClient;
let customerCounter = 0;

beforeAll(async () => {
  api = await startCustomerApi();
  partner = await trustedPartner(api.url);
  other = await trustedPartner(api.url);
});

afterAll(async () => {
  await api?.close();
});

let tokensBefore = 0;
let requestsBefore = 0;
beforeEach(async () => {
  tokensBefore = await db().trustedAuthToken.count();
  requestsBefore = api.requests.length;
});

/** A customer id the API answers with the seed's customer, for `phone`. */
function customer(phone: string, overrides: Record<string, unknown> = {}): string {
  customerCounter += 1;
  const id = `cus_${customerCounter}`;
  api.answer(id, respond.json(seedCustomer({ customer_id: id, phone, ...overrides })));
  return id;
}

const DAY_MS = 24 * 3600 * 1000;

async function expectRefused(result: { status: number; body: { error?: string; error_description?: string } }, status: number, error: string, phones: string[] = []) {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  expect(result.body.error).toBe(error);
  expect(await db().trustedAuthToken.count()).toBe(tokensBefore);
  const audited = await db().auditEvent.findFirst({ where: { type: "trusted_auth.verification_failed", clientId: partner.client_id }, orderBy: { createdAt: "desc" } });
  expect(audited?.data).toMatchObject({ error });
  // Nothing the customer API said about the person reaches the partner or the audit log.
  for (const text of [result.body.error_description ?? "", JSON.stringify(audited?.data)]) {
    expect(text).not.toMatch(/Jane|Doe/);
    for (const phone of phones) expect(text).not.toContain(phone.slice(-7));
  }
}

describe("minting a session token", () => {
  it("for a user intent: the seed's customer vouches, a 256-bit token bound to client and intent is stored hashed for 60 s", async () => {
    const intent = await intentOf(partner);
    api.answer("123456", respond.json(seedCustomer({ phone: intent.phone })));
    const before = Date.now();
    const result = await mintVia(partner, verificationBody({ user_intent_id: intent.id }));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(result.body)).toEqual(["token"]);
    expect(result.body.token).toMatch(/^tat_[A-Za-z0-9_-]{43}$/);

    const row = await db().trustedAuthToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(result.body.token) } });
    expect(row).toMatchObject({ clientId: partner.client_id, userIntentId: intent.id, userId: null, phone: intent.phone, provider: "Unit", consumedAt: null });
    expect(row.expiresAt.getTime() - before).toBeGreaterThanOrEqual(59_000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect(JSON.stringify(row)).not.toContain(result.body.token.slice(4));

    const call = api.requests.at(-1)!;
    expect(call.path).toBe("/v1/customers/123456");
    expect(call.headers["x-partner-key"]).toBe("k-test-123");
    expect(call.headers.accept).toBe("application/json");

    const issued = await db().auditEvent.findFirstOrThrow({ where: { type: "trusted_auth.token_issued", subjectId: row.id } });
    expect(issued.data).toMatchObject({ provider: "Unit", customer_id: "123456", user_intent_id: intent.id, phone: maskPhone(intent.phone) });
    expect(JSON.stringify(issued.data)).not.toMatch(/Jane|Doe/);
  });

  it("for one of the partner's users, and the customer_id is URL-encoded into the path", async () => {
    const user = await userOf(partner);
    const id = "acct/42 ?#&é";
    api.answer(id, respond.json(seedCustomer({ customer_id: id, phone: user.phone })));
    const result = await mintVia(partner, verificationBody({ user_id: user.id }, id));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(api.requests.at(-1)!.path).toBe(`/v1/customers/${encodeURIComponent(id)}`);
    expect(await db().trustedAuthToken.findUnique({ where: { tokenHash: sha256Hex(result.body.token) } })).toMatchObject({ userId: user.id, userIntentId: null });
  });

  it("phones that differ only in formatting normalise equal and pass", async () => {
    const user = await userOf(partner);
    const national = user.phone.slice(2);
    for (const formatted of [`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `+1 ${national.slice(0, 3)}.${national.slice(3, 6)}.${national.slice(6)}`, national, ` ${user.phone} `]) {
      const result = await mintVia(partner, verificationBody({ user_id: user.id }, customer(formatted)));
      expect(result.status, `${formatted}: ${JSON.stringify(result.body)}`).toBe(200);
    }
  });

  it("an authentication 29 days old or 2 minutes ahead (clock skew) is accepted", async () => {
    const user = await userOf(partner);
    for (const when of [Date.now() - 29 * DAY_MS, Date.now() + 2 * 60_000]) {
      const result = await mintVia(partner, verificationBody({ user_id: user.id }, customer(user.phone, { lastAuthenticationTime: new Date(when).toISOString() })));
      expect(result.status, JSON.stringify(result.body)).toBe(200);
    }
  });
});

describe("refusals: each its own error, nothing minted", () => {
  it("a 31-day-old authentication is stale (422)", async () => {
    const user = await userOf(partner);
    const id = customer(user.phone, { lastAuthenticationTime: new Date(Date.now() - 31 * DAY_MS).toISOString() });
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, id)), 422, "customer_authentication_stale", [user.phone]);
  });

  it("a lastAuthenticationTime more than 5 minutes in the future (422)", async () => {
    const user = await userOf(partner);
    const id = customer(user.phone, { lastAuthenticationTime: new Date(Date.now() + 6 * 60_000).toISOString() });
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, id)), 422, "customer_authentication_in_future");
  });

  it("the customer's phone is not the user's (422), and the answer names neither", async () => {
    const user = await userOf(partner);
    const theirs = newPhone();
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, customer(theirs))), 422, "customer_phone_mismatch", [user.phone, theirs]);
    const intent = await intentOf(partner);
    await expectRefused(await mintVia(partner, verificationBody({ user_intent_id: intent.id }, customer("not a phone"))), 422, "customer_phone_mismatch", [intent.phone]);
  });

  it("the customer API is down (502)", async () => {
    const down = await freePort();
    await updateTrustedAuth(other.client_id, { customerApiUrl: `http://127.0.0.1:${down}` }, { type: "cli" });
    try {
      const user = await userOf(other);
      const result = await mintVia(other, verificationBody({ user_id: user.id }));
      expect(result.status).toBe(502);
      expect(result.body.error).toBe("customer_api_unavailable");
      expect(await db().trustedAuthToken.count()).toBe(tokensBefore);
      const audited = await db().auditEvent.findFirst({ where: { type: "trusted_auth.verification_failed", clientId: other.client_id }, orderBy: { createdAt: "desc" } });
      expect(audited?.data).toMatchObject({ error: "customer_api_unavailable", reason: "connect_failed" });
    } finally {
      await updateTrustedAuth(other.client_id, { customerApiUrl: api.url }, { type: "cli" });
    }
  });

  it("a customer API that never answers times out after the real 3 s deadline (502)", async () => {
    const user = await userOf(partner);
    api.answer("hang-1", respond.hang());
    const result = await mintVia(partner, verificationBody({ user_id: user.id }, "hang-1"));
    await expectRefused(result, 502, "customer_api_unavailable");
    expect(result.body.error_description).toBe("The customer API did not answer within 3000 ms");
  });

  it("a deadline covers the body too: headers then silence (injected short timeout)", async () => {
    const user = await userOf(partner);
    const client = (await findClient(partner.client_id))!;
    for (const [id, behaviour] of [
      ["hang-2", respond.hang()],
      ["trickle", respond.trickle()],
    ] as const) {
      api.answer(id, behaviour);
      const input = identityVerificationRequest.parse(verificationBody({ user_id: user.id }, id));
      await expect(mintTrustedAuthToken(client, input, { ip: "203.0.113.7", requestId: "t", timeoutMs: 200 })).rejects.toMatchObject({ code: "customer_api_unavailable", reason: "timeout" });
    }
    expect(await db().trustedAuthToken.count()).toBe(tokensBefore);
  });

  it("HTML instead of JSON (502)", async () => {
    const user = await userOf(partner);
    api.answer("html", respond.html());
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "html")), 502, "customer_api_invalid_response");
  });

  it("a 10 MB answer is cut off at 64 KB (502)", async () => {
    const user = await userOf(partner);
    api.answer("huge", respond.huge());
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "huge")), 502, "customer_api_invalid_response");
    const audited = await db().auditEvent.findFirst({ where: { type: "trusted_auth.verification_failed" }, orderBy: { createdAt: "desc" } });
    expect(audited?.data).toMatchObject({ reason: "too_large" });
  });

  it("a record missing fields, or for another customer_id (502)", async () => {
    const user = await userOf(partner);
    api.answer("partial", respond.json({ customer_id: "partial", phone: user.phone }));
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "partial")), 502, "customer_api_invalid_response");
    api.answer("someone", respond.json(seedCustomer({ customer_id: "someone-else", phone: user.phone })));
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "someone")), 502, "customer_api_invalid_response");
  });

  it("an unknown customer is 404; another HTTP error is 502; a redirect is never followed", async () => {
    const user = await userOf(partner);
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "nobody")), 404, "customer_not_found");
    api.answer("broken", respond.status(500));
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "broken")), 502, "customer_api_unavailable");
    const elsewhere = await startCustomerApi();
    try {
      elsewhere.answer("moved", respond.json(seedCustomer({ customer_id: "moved", phone: user.phone })));
      api.answer("moved", respond.redirect(`${elsewhere.url}/v1/customers/moved`));
      await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, "moved")), 502, "customer_api_unavailable");
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("the seed's own example sends both ids: a clear 400; neither id: 400", async () => {
    const both = await mintVia(partner, { provider: "Unit", provider_data: { customer_id: "123456" }, user_id: "user_123456", user_intent_id: "user_intent_123456" });
    await expectRefused(both, 400, "user_reference_ambiguous");
    expect(both.body.error_description).toBe("Send user_id or user_intent_id, not both");
    await expectRefused(await mintVia(partner, { provider: "Unit", provider_data: { customer_id: "123456" } }), 400, "user_reference_required");
    expect(api.requests.length).toBe(requestsBefore);
  });

  it("another client's user or intent is not found (404), and its customer API is not called", async () => {
    const theirs = await userOf(other);
    await expectRefused(await mintVia(partner, verificationBody({ user_id: theirs.id }, customer(theirs.phone))), 404, "user_not_found");
    const theirIntent = await intentOf(other);
    await expectRefused(await mintVia(partner, verificationBody({ user_intent_id: theirIntent.id }, customer(theirIntent.phone))), 404, "intent_not_found");
    await expectRefused(await mintVia(partner, verificationBody({ user_id: "user_123456" })), 404, "user_not_found");
    expect(api.requests.length).toBe(requestsBefore);
  });

  it("a client without trusted authentication is refused (403) before anything else", async () => {
    const plain = await createTestClient();
    const result = await mintVia(plain, verificationBody({ user_id: "user_123456" }));
    expect(result.status).toBe(403);
    expect(result.body.error).toBe("trusted_auth_not_enabled");
    const audited = await db().auditEvent.findFirst({ where: { type: "trusted_auth.verification_failed", clientId: plain.client_id } });
    expect(audited?.data).toMatchObject({ error: "trusted_auth_not_enabled" });
    await updateTrustedAuth(partner.client_id, { enabled: false }, { type: "cli" });
    try {
      const user = await userOf(partner);
      const off = await mintVia(partner, verificationBody({ user_id: user.id }, customer(user.phone)));
      expect(off.status).toBe(403);
    } finally {
      await updateTrustedAuth(partner.client_id, { enabled: true }, { type: "cli" });
    }
    expect(await db().trustedAuthToken.count()).toBe(tokensBefore);
    expect(api.requests.length).toBe(requestsBefore);
  });

  it("a suspended user or rejected intent may not skip sign-in (403)", async () => {
    const user = await userOf(partner, { status: "suspended" });
    await expectRefused(await mintVia(partner, verificationBody({ user_id: user.id }, customer(user.phone))), 403, "trusted_auth_account_blocked");
    const intent = await intentOf(partner, { status: "rejected" });
    await expectRefused(await mintVia(partner, verificationBody({ user_intent_id: intent.id }, customer(intent.phone))), 403, "trusted_auth_account_blocked");
  });

  it("bad bodies are 400 and unauthenticated callers 401", async () => {
    const unknownField = await mintVia(partner, { ...verificationBody({ user_id: "x" }), extra: 1 });
    expect(unknownField.status).toBe(400);
    const noCustomer = await mintVia(partner, { provider: "Unit", provider_data: {}, user_id: "x" });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.error_description).toContain("provider_data.customer_id");
    const anonymous = await mintVia({ ...partner, client_secret: "wrong" }, verificationBody({ user_id: "x" }));
    expect(anonymous.status).toBe(401);
    expect(await db().trustedAuthToken.count()).toBe(tokensBefore);
  });
});

describe("client settings", () => {
  it("the customer API URL must be https (http only for localhost outside production), without credentials or query", async () => {
    const client = await createTestClient();
    for (const bad of ["ftp://partner.example", "http://partner.example", "https://user:pw@partner.example", "https://partner.example/?a=1", "not a url"]) {
      await expect(updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl: bad }, { type: "cli" }), bad).rejects.toMatchObject({ code: "validation_failed" });
    }
    await expect(updateTrustedAuth(client.client_id, { enabled: true }, { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    const previous = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = "production";
    try {
      await expect(updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "http://localhost:8080" }, { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    } finally {
      (process.env as Record<string, string>).NODE_ENV = previous!;
    }
    const ok = await updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "https://api.partner.example/base", customerApiHeader: "Authorization: Bearer s3cret-value" }, { type: "cli" });
    expect(ok).toEqual({ client_id: client.client_id, trusted_auth_enabled: true, customer_api_url: "https://api.partner.example/base", customer_api_header_name: "Authorization" });
  });

  it("the header value is encrypted at rest and never audited; CR/LF and reserved headers are refused", async () => {
    const client = await createTestClient();
    await updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "https://api.partner.example", customerApiHeader: "X-Api-Key: s3cret-value" }, { type: "cli" });
    const row = await db().client.findUniqueOrThrow({ where: { id: client.client_id } });
    expect(row.customerApiHeaderName).toBe("X-Api-Key");
    expect(row.customerApiHeaderValueEnc).not.toContain("s3cret");
    const events = await db().auditEvent.findMany({ where: { clientId: client.client_id, type: "client.updated" } });
    expect(JSON.stringify(events)).not.toContain("s3cret");
    for (const bad of ["X-Api-Key: a\r\nHost: evil", "Host: partner.example", "Bad Name: x", "NoColon", "X-Empty: "]) {
      await expect(updateTrustedAuth(client.client_id, { customerApiHeader: bad }, { type: "cli" }), bad).rejects.toMatchObject({ code: "validation_failed" });
    }
    const removed = await updateTrustedAuth(client.client_id, { customerApiHeader: "" }, { type: "cli" });
    expect(removed.customer_api_header_name).toBeNull();
  });
});
