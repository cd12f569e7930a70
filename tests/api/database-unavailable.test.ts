// A database that stops answering: every API answers 503 database_unavailable with Retry-After in
// the usual {error, error_description} shape — never a 500 or a stack — and serves again when the
// database is back, without a restart. (tests/faults restarts a real PostgreSQL under load.)
import { afterAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/healthz/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as intentRoute } from "@/app/v1/user_intent/[id]/route";
import { DATABASE_UNAVAILABLE_RETRY_AFTER_S } from "@/lib/config/limits";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { currentTestDatabase } from "../support/api-setup";
import { apiRequest, basicAuth, createTestClient, formRequest } from "../support/fixtures";
import { migratedDatabase, useDatabase } from "../support/test-database";

afterAll(async () => {
  await useDatabase(currentTestDatabase());
});

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe(String(DATABASE_UNAVAILABLE_RETRY_AFTER_S));
  expect(await response.json()).toEqual({ error: "database_unavailable", error_description: "The database is not answering" });
}

describe("database unavailable", () => {
  it("token grants and partner APIs answer 503 + Retry-After, then recover; /healthz (liveness) stays 200", async () => {
    const doomed = await migratedDatabase();
    await useDatabase(doomed);
    const partner = await createTestClient();
    const auth = { Authorization: basicAuth(partner.client_id, partner.client_secret!) };
    const grant = () => tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: auth }));
    expect((await grant()).status).toBe(200);

    await doomed.takeDown();
    await expectUnavailable(await grant());
    await expectUnavailable(await intentRoute(apiRequest("/v1/user_intent/00000000-0000-4000-8000-000000000000", { headers: auth }), { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) }));
    // The process is alive: a liveness probe must not restart it for a database outage (/readyz says 503).
    const health = await healthRoute(apiRequest("/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    await useDatabase(currentTestDatabase());
    const back = await createTestClient();
    expect((await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: { Authorization: basicAuth(back.client_id, back.client_secret!) } }))).status).toBe(200);
    await doomed.close().catch(() => {});
  });

  it("classifies pg socket errors, connection SQLSTATEs and Prisma's connection codes — and nothing else", () => {
    const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });
    expect(isDatabaseUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("08006"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("P1001"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("wrapped"), { cause: withCode("ECONNRESET") }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(withCode("ENOENT"), { syscall: "connect" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(withCode("ENOENT"), { syscall: "open" }))).toBe(false);
    expect(isDatabaseUnavailable(withCode("23505", "duplicate key"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("P2002"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("something else"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
