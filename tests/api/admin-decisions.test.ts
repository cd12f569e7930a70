// Review decisions go through the status machines: legal ones change the status, are audited
// with the admin as actor and emit user.updated / user_intent.updated; illegal ones are refused
// by the server and change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "@/lib/admin/create-admin";
import { auditLogPage } from "@/lib/admin/audit-log";
import { reviewQueue } from "@/lib/admin/review-queue";
import { searchPeople } from "@/lib/admin/search";
import { decide, decisionsFor } from "@/lib/admin/status-decisions";
import { db } from "@/lib/db";
import { onDomainEvent, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { findOrCreateUserByPhone } from "@/lib/users/find-or-create";
import { createTestClient, validIntent } from "../support/fixtures";

let adminId: string;
let clientId: string;
const seen: DomainEvent[] = [];
let phoneCounter = 0;

beforeAll(async () => {
  adminId = (await createAdmin({ email: `reviewer.${process.pid}@example.com`, password: "correct horse battery staple", role: "reviewer" }, { type: "cli" })).id;
  clientId = (await createTestClient()).client_id;
  onDomainEvent(async (_tx, event) => {
    seen.push(event);
  });
});

async function pendingUser() {
  phoneCounter += 1;
  const phone = `+1415666${String(1000 + phoneCounter).padStart(4, "0")}`;
  return (await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone))).user;
}

async function refusal(promise: Promise<unknown>): Promise<ProductError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProductError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("review decisions", () => {
  it("approve: pending → approved, audited with the admin and reason, user.updated emitted through the machine", async () => {
    const user = await pendingUser();
    expect(user.status).toBe("pending");
    const result = await decide({ kind: "user", id: user.id, decision: "approve", reason: "documents match", adminId, ip: "203.0.113.5" });
    expect(result).toEqual({ from: "pending", to: "approved" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "user.updated" } });
    expect(event).toMatchObject({ actorType: "admin", actorId: adminId, ip: "203.0.113.5", data: { from: "pending", to: "approved", reason: "documents match" } });
    expect(seen.some((e) => e.type === "user.updated" && e.userId === user.id && e.actor.id === adminId)).toBe(true);
  });

  it("only legal decisions are offered, and illegal ones are refused by the server without a change", async () => {
    expect(decisionsFor("user", "pending")).toEqual(["approve", "retry", "document", "reject", "suspend"]);
    expect(decisionsFor("user", "approved")).toEqual(["suspend"]);
    expect(decisionsFor("user", "suspended")).toEqual(["reinstate"]);
    expect(decisionsFor("user", "rejected")).toEqual([]);
    expect(decisionsFor("intent", "converted_to_user")).toEqual([]);

    const user = await pendingUser();
    await decide({ kind: "user", id: user.id, decision: "reject", reason: "fraud", adminId });
    const before = await db().auditEvent.count({ where: { userId: user.id } });
    for (const decision of ["approve", "reinstate", "retry"]) {
      const error = await refusal(decide({ kind: "user", id: user.id, decision, reason: "try", adminId }));
      expect(error.code).toBe("invalid_status_transition");
      expect(error.description).toMatch(/rejected/);
    }
    // "reinstate" is only the way out of suspension, never an approval of a pending user.
    const other = await pendingUser();
    expect((await refusal(decide({ kind: "user", id: other.id, decision: "reinstate", reason: "x", adminId }))).code).toBe("invalid_status_transition");
    expect((await db().user.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("pending");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("rejected");
    expect(await db().auditEvent.count({ where: { userId: user.id } })).toBe(before);
  });

  it("a reason is required; unknown decisions and ids are refused", async () => {
    const user = await pendingUser();
    expect((await refusal(decide({ kind: "user", id: user.id, decision: "approve", reason: "   ", adminId }))).code).toBe("validation_failed");
    expect((await refusal(decide({ kind: "user", id: user.id, decision: "pending", reason: "x", adminId }))).code).toBe("validation_failed");
    expect((await refusal(decide({ kind: "user", id: "not-a-uuid", decision: "approve", reason: "x", adminId }))).code).toBe("user_not_found");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("pending");
  });

  it("two reviewers deciding at once: exactly one decision applies, one event is emitted", async () => {
    const user = await pendingUser();
    const results = await Promise.allSettled(["approve", "reject", "approve", "suspend", "approve"].map((decision) => decide({ kind: "user", id: user.id, decision, reason: `race ${decision}`, adminId })));
    const winners = results.filter((r) => r.status === "fulfilled");
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // approve → then only suspend is legal afterwards, so at most approve + suspend can both win.
    expect(winners.length).toBeGreaterThanOrEqual(1);
    expect(losers.every((r) => r.reason instanceof ProductError && r.reason.code === "invalid_status_transition")).toBe(true);
    const events = await db().auditEvent.findMany({ where: { userId: user.id, type: "user.updated" }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(winners.length);
    // The recorded changes chain: each one starts where the previous ended.
    for (let i = 1; i < events.length; i++) expect((events[i]!.data as { from: string }).from).toBe((events[i - 1]!.data as { to: string }).to);
  });

  it("suspend then reinstate", async () => {
    const user = await pendingUser();
    await decide({ kind: "user", id: user.id, decision: "approve", reason: "ok", adminId });
    await decide({ kind: "user", id: user.id, decision: "suspend", reason: "chargebacks", adminId });
    expect(await decide({ kind: "user", id: user.id, decision: "reinstate", reason: "resolved", adminId })).toEqual({ from: "suspended", to: "approved" });
  });

  it("intent decisions emit user_intent.updated for the intent's client", async () => {
    const intent = await createUserIntent(clientId, createUserIntentInput.parse(validIntent({ phone: "+14155550199" })), { type: "client", id: clientId });
    await decide({ kind: "intent", id: intent.id, decision: "document", reason: "need ID", adminId });
    expect(seen.some((e) => e.type === "user_intent.updated" && e.subjectId === intent.id && e.clientId === clientId)).toBe(true);
  });

  it("review queue: pending only, oldest first, keyset pages without overlap; search by phone, email and id", async () => {
    for (let i = 0; i < 5; i++) await pendingUser();
    const first = await reviewQueue({ size: 2 });
    expect(first.users.rows).toHaveLength(2);
    expect(first.counts.users.value).toBeGreaterThanOrEqual(5);
    expect(first.counts.users.capped).toBe(false);
    const second = await reviewQueue({ size: 2, usersAfter: first.users.next! });
    expect(second.users.rows[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(first.users.rows[1]!.createdAt.getTime());
    expect(second.users.rows.map((u) => u.id)).not.toContain(first.users.rows[1]!.id);

    const user = first.users.rows[0]!;
    expect((await searchPeople(user.phone)).users.map((u) => u.id)).toEqual([user.id]);
    expect((await searchPeople(user.id.toUpperCase())).users.map((u) => u.id)).toEqual([user.id]);
    expect((await searchPeople("no-such@example.com")).users).toEqual([]);
    expect((await searchPeople("hello")).users).toEqual([]);
    expect((await searchPeople("h")).kind).toBe("none");
  });

  it("audit log filters by actor, type, target and date and pages by keyset", async () => {
    const byAdmin = await auditLogPage({ actor: adminId, type: "user.updated" });
    expect(byAdmin.rows.length).toBeGreaterThan(0);
    expect(byAdmin.rows.every((row) => row.actorId === adminId && row.type === "user.updated")).toBe(true);
    const family = await auditLogPage({ type: "user_intent." });
    expect(family.rows.every((row) => row.type.startsWith("user_intent."))).toBe(true);
    const target = byAdmin.rows[0]!.userId!;
    expect((await auditLogPage({ target })).rows.every((row) => row.userId === target || row.subjectId === target)).toBe(true);
    expect((await auditLogPage({ to: "2000-01-01" })).rows).toEqual([]);
    const page1 = await auditLogPage({}, 3);
    const page2 = await auditLogPage({ after: page1.next! }, 3);
    expect(page2.rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(page1.rows[2]!.createdAt.getTime());
    expect(page2.rows.map((r) => r.id)).not.toContain(page1.rows[2]!.id);
  });
});
