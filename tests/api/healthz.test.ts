import { describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/healthz/route";
import { apiRequest } from "../support/fixtures";
import { useDatabase } from "../support/test-database";
import { currentTestDatabase } from "../support/api-setup";
import { emptyDatabase } from "../support/test-database";

describe("GET /healthz", () => {
  it("is ok while the database answers", async () => {
    const response = await healthRoute(apiRequest("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is 503 when the database is down, and recovers when it is back", async () => {
    const doomed = await emptyDatabase();
    await useDatabase(doomed);
    expect((await healthRoute(apiRequest("/healthz"))).status).toBe(200);
    await doomed.takeDown();
    const down = await healthRoute(apiRequest("/healthz"));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable", error: "database_unavailable" });
    await useDatabase(currentTestDatabase());
    expect((await healthRoute(apiRequest("/healthz"))).status).toBe(200);
    await doomed.close().catch(() => {});
  });
});
