// Shared test fixtures: partners, credentials and requests that look like real ones.
import { createClient, type CreatedClient } from "@/lib/clients/create-client";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/log/request-context";

export const BASE_URL = "http://localhost:3999";

let counter = 0;

export async function createTestClient(overrides: { name?: string; type?: "confidential" | "public"; redirectUris?: string[] } = {}): Promise<CreatedClient> {
  counter += 1;
  return createClient(
    {
      name: overrides.name ?? `Partner ${counter}`,
      type: overrides.type ?? "confidential",
      redirectUris: overrides.redirectUris ?? [`https://partner${counter}.example/callback`],
    },
    { type: "cli" },
  );
}

export function basicAuth(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString("base64")}`;
}

/** A Request as the Trustgate server hands it to a route (with the IP and request-id headers). */
export function apiRequest(path: string, init: RequestInit & { ip?: string } = {}): Request {
  const headers = new Headers(init.headers);
  headers.set(CLIENT_IP_HEADER, init.ip ?? "203.0.113.7");
  if (!headers.has(REQUEST_ID_HEADER)) headers.set(REQUEST_ID_HEADER, `test-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  return new Request(new URL(path, BASE_URL), { ...init, headers });
}

export function formRequest(path: string, form: Record<string, string>, init: { headers?: Record<string, string>; ip?: string } = {}): Request {
  return apiRequest(path, {
    method: "POST",
    ip: init.ip,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...init.headers },
    body: new URLSearchParams(form).toString(),
  });
}

let emailCounter = 0;

export function uniqueEmail(): string {
  emailCounter += 1;
  return `person${emailCounter}.${process.pid}.${Date.now()}@example.com`;
}

/** A complete, valid POST /v1/user_intent body (Astra's required fields). */
export function validIntent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: uniqueEmail(),
    phone: "(415) 555-0132",
    first_name: "Ada",
    last_name: "Lovelace",
    date_of_birth: "1990-12-10",
    ssn: "123-45-6789",
    address1: "1 Market St",
    address2: "",
    city: "San Francisco",
    state: "CA",
    postal_code: "94105",
    ip_address: "203.0.113.9",
    ...overrides,
  };
}
