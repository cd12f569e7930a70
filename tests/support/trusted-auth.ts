// Trusted-authentication fixtures: partners with the feature switched on, their users and
// intents, and the partner's calls to /v1/partner/identity/*.
import { randomInt } from "node:crypto";
import { POST as tokenRoute } from "@/app/v1/partner/identity/token/route";
import { POST as verificationRoute } from "@/app/v1/partner/identity/verification/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { apiRequest, basicAuth, createTestClient, validIntent } from "./fixtures";

const usedPhones = new Set<string>();

/** A fresh, valid US number (exchange 200–999, so libphonenumber accepts it). */
export function newPhone(): string {
  for (;;) {
    const phone = `+1415${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, "0")}`;
    if (!usedPhones.has(phone)) {
      usedPhones.add(phone);
      return phone;
    }
  }
}

export async function trustedPartner(customerApiUrl: string, header = "X-Partner-Key: k-test-123"): Promise<CreatedClient> {
  const client = await createTestClient();
  await updateTrustedAuth(client.client_id, { enabled: true, customerApiUrl, customerApiHeader: header }, { type: "cli" });
  return client;
}

export async function intentOf(client: CreatedClient, options: { phone?: string; status?: UserStatus } = {}): Promise<{ id: string; phone: string }> {
  const phone = options.phone ?? newPhone();
  const intent = await createUserIntent(client.client_id, createUserIntentInput.parse(validIntent({ phone })), { type: "client", id: client.client_id });
  if (options.status) await db().userIntent.update({ where: { id: intent.id }, data: { status: options.status } });
  return { id: intent.id, phone };
}

/** A user the partner knows: one who consented to it. */
export async function userOf(client: CreatedClient, options: { phone?: string; status?: UserStatus } = {}): Promise<{ id: string; phone: string }> {
  const user = await db().user.create({ data: { phone: options.phone ?? newPhone(), status: options.status ?? "approved" } });
  await db().consent.create({ data: { userId: user.id, clientId: client.client_id, scopes: ["openid"] } });
  return { id: user.id, phone: user.phone };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T & { error?: string; error_description?: string };
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export async function mintVia(client: CreatedClient, body: unknown): Promise<Answer<{ token: string }>> {
  return answer(
    await verificationRoute(
      apiRequest("/v1/partner/identity/verification", {
        method: "POST",
        headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    ),
  );
}

export async function exchangeVia(client: CreatedClient, body: unknown) {
  return answer<{ access_token: string; refresh_token: string; id_token?: string; scope: string; token_type: string; expires_in: number; user_id: string }>(
    await tokenRoute(
      apiRequest("/v1/partner/identity/token", {
        method: "POST",
        headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    ),
  );
}

export function verificationBody(reference: { user_id?: string; user_intent_id?: string }, customerId = "123456") {
  return { provider: "Unit", provider_data: { customer_id: customerId }, ...reference };
}
