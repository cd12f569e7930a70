// Liveness and readiness are different questions (issue 20): GET /healthz says the process answers
// and touches no database — 200, and fast, while the database is down — and readiness() (GET /readyz,
// answered by the server front) says whether this instance may take traffic.
import { describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/healthz/route";
import { activeSigningKey } from "@/lib/keys/signing-keys";
import { readiness } from "@/lib/server/readiness";
import { apiRequest } from "../support/fixtures";
import { currentTestDatabase } from "../support/api-setup";
import { migratedDatabase, useDatabase } from "../support/test-database";

describe("GET /healthz (liveness)", () => {
  it("answers 200 {status: ok}, never cached", async () => {
    const response = await healthRoute(apiRequest("/healthz"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("stays 200 while the database is down — readiness says 503's story — and both recover", async () => {
    const doomed = await migratedDatabase();
    await useDatabase(doomed);
    // As the server does at boot (scripts/serve.ts): the keys exist before readiness is asked.
    await activeSigningKey();
    expect(await readiness()).toEqual({ ready: true, body: { status: "ready", checks: { database: "ok", migrations: "ok", signing_key: "ok" } } });
    await doomed.takeDown();
    const down = await healthRoute(apiRequest("/healthz"));
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({ status: "ok" });
    const notReady = await readiness();
    expect(notReady.ready).toBe(false);
    expect(notReady.body.status).toBe("not_ready");
    expect(notReady.body.checks.database).not.toBe("ok");
    expect(notReady.body.checks.migrations).not.toBe("ok");
    await useDatabase(currentTestDatabase());
    expect((await healthRoute(apiRequest("/healthz"))).status).toBe(200);
    expect((await readiness()).ready).toBe(true);
    await doomed.close().catch(() => {});
  });
});
