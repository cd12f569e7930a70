import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";

describe("shared database session under concurrency", () => {
  it("concurrent-queries-get-their-own-rows: transactions with pauses never mix up other connections' queries", async () => {
    const workspace = await db().workspace.create({ data: { name: "concurrency" } });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, async (_, i) => {
        if (i % 2) {
          const rows = await db().workspace.findMany({ where: { id: workspace.id }, select: { name: true } });
          return rows.map((row) => row.name).join();
        }
        return db().$transaction(async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242)`;
          const found = await tx.workspace.findUnique({ where: { id: workspace.id }, select: { name: true } });
          // A transaction that awaits something else (crypto, a network call) between statements.
          await new Promise((resolve) => setTimeout(resolve, 2));
          await tx.auditEvent.create({ data: { type: "test.concurrency", actorType: "system" } });
          return found!.name;
        });
      }),
    );
    expect(results.map((result) => (result.status === "fulfilled" ? result.value : String(result.reason)))).toEqual(Array.from({ length: 40 }, () => "concurrency"));
  });
});
