// The reviewers' queue (issue 19): only pending users with a submission, their latest submission
// only, filtered by type and partner, in either order, "next" for Approve & next; partial search
// on indexed prefixes; canned reasons added and deleted with an audit trail.
import { beforeAll, describe, expect, it } from "vitest";
import { addReviewReason, deleteReviewReason, listReviewReasons } from "@/lib/admin/review-reasons";
import { searchPeople } from "@/lib/admin/search";
import { nextInQueue, queueFilterOf, submissionQueue, type QueueFilter } from "@/lib/admin/submission-queue";
import { db } from "@/lib/db";
import { createTestClient } from "../support/fixtures";

let partnerA: string;
let partnerB: string;
let counter = 0;
const base = Date.now() - 3_600_000;

async function user(status: "pending" | "approved", name: { first?: string; last?: string; email?: string } = {}) {
  counter += 1;
  return db().user.create({
    data: { phone: `+1628555${String(1000 + counter).padStart(4, "0")}`, status, firstName: name.first ?? null, lastName: name.last ?? null, email: name.email ?? null },
  });
}

async function submit(userId: string, kind: "personal" | "business" | "document", clientId: string, minutesAfterBase: number, documents = 0) {
  const submission = await db().verificationSubmission.create({ data: { userId, kind, clientId, data: {}, createdAt: new Date(base + minutesAfterBase * 60_000) } });
  for (let i = 0; i < documents; i++) {
    await db().$executeRaw`INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, content)
      VALUES (gen_random_uuid(), ${submission.id}::uuid, ${userId}::uuid, ${i === 0 ? "front" : "back"}, 'image/png', 4, 'x', ${Buffer.from("abcd")})`;
  }
  return submission;
}

const all: QueueFilter = { kind: null, clientId: null, sort: "oldest" };
let ids: { oldest: string; resubmitted: string; nothing: string; approved: string; newest: string };

beforeAll(async () => {
  partnerA = (await createTestClient({ name: "Alpha Bank" })).client_id;
  partnerB = (await createTestClient({ name: "Beta Pay" })).client_id;
  const oldest = await user("pending", { first: "Ada", last: "Lovelace", email: "ada@queue.example" });
  const resubmitted = await user("pending", { first: "Grace", last: "Hopper" });
  const nothing = await user("pending", { first: "No", last: "Submission" });
  const approved = await user("approved", { first: "Done", last: "Already" });
  const newest = await user("pending", { email: "x_y%z@queue.example" });
  await submit(oldest.id, "document", partnerA, 1, 2);
  await submit(resubmitted.id, "personal", partnerB, 2);
  await submit(resubmitted.id, "business", partnerB, 5);
  await submit(approved.id, "personal", partnerA, 3);
  await submit(newest.id, "personal", partnerA, 9);
  ids = { oldest: oldest.id, resubmitted: resubmitted.id, nothing: nothing.id, approved: approved.id, newest: newest.id };
});

describe("review queue", () => {
  it("lists pending users with a submission only, each once with its latest submission, oldest first", async () => {
    const page = await submissionQueue(all);
    const mine = page.rows.filter((row) => Object.values(ids).includes(row.userId));
    expect(mine.map((row) => row.userId)).toEqual([ids.oldest, ids.resubmitted, ids.newest]);
    expect(mine[0]).toMatchObject({ kind: "document", documents: 2, clientName: "Alpha Bank", firstName: "Ada" });
    expect(mine[1]).toMatchObject({ kind: "business", documents: 0, clientName: "Beta Pay" });
  });

  it("filters by type and partner, sorts newest first, and pages by keyset", async () => {
    expect((await submissionQueue({ ...all, kind: "document" })).rows.map((row) => row.userId)).toEqual([ids.oldest]);
    expect((await submissionQueue({ ...all, clientId: partnerB })).rows.map((row) => row.userId)).toEqual([ids.resubmitted]);
    const newestFirst = (await submissionQueue({ ...all, sort: "newest" })).rows.map((row) => row.userId);
    expect(newestFirst.indexOf(ids.newest)).toBeLessThan(newestFirst.indexOf(ids.oldest));
    const first = await submissionQueue({ ...all, clientId: partnerA }, null, 1);
    expect(first.rows.map((row) => row.userId)).toEqual([ids.oldest]);
    const second = await submissionQueue({ ...all, clientId: partnerA }, first.next, 1);
    expect(second.rows.map((row) => row.userId)).toEqual([ids.newest]);
    expect(queueFilterOf({ type: "document", partner: partnerA, sort: "newest" })).toEqual({ kind: "document", clientId: partnerA, sort: "newest" });
    expect(queueFilterOf({ type: "nonsense", partner: "x'; drop" })).toEqual({ kind: null, clientId: null, sort: "oldest" });
  });

  it("next in queue: the one after the current user, else the first other one", async () => {
    const mineOnly: QueueFilter = { ...all, clientId: partnerA };
    expect(await nextInQueue(mineOnly, ids.oldest)).toBe(ids.newest);
    expect(await nextInQueue(mineOnly, ids.newest)).toBe(ids.oldest);
    expect(await nextInQueue({ ...all, kind: "document" }, ids.oldest)).toBeNull();
  });
});

describe("partial search", () => {
  it("finds by the start of a name, of an email, and by the last digits of a phone", async () => {
    const found = async (q: string) => (await searchPeople(q)).users.map((u) => u.id);
    expect(await found("ada")).toContain(ids.oldest);
    expect(await found("Ada Love")).toEqual([ids.oldest]);
    expect(await found("hopp")).toEqual([ids.resubmitted]);
    expect(await found("ada@que")).toEqual([ids.oldest]);
    const phone = (await db().user.findUniqueOrThrow({ where: { id: ids.resubmitted } })).phone;
    expect(await found(phone.slice(-6))).toEqual([ids.resubmitted]);
    expect((await searchPeople(phone.slice(-6))).kind).toBe("phone_suffix");
    // LIKE wildcards in the query are literal.
    expect(await found("x_y%z@")).toEqual([ids.newest]);
    expect(await found("x%@")).toEqual([]);
    expect((await searchPeople("a")).kind).toBe("none");
  });
});

describe("canned reasons", () => {
  it("come seeded per decision; admins add and delete them, audited", async () => {
    expect((await listReviewReasons()).some((reason) => reason.decision === "approve")).toBe(true);
    const added = await addReviewReason({ decision: "retry", text: "Photo is blurry" }, { type: "admin", id: null });
    expect((await listReviewReasons()).filter((reason) => reason.decision === "retry").map((reason) => reason.text)).toContain("Photo is blurry");
    await expect(addReviewReason({ decision: "explode", text: "x" }, { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(addReviewReason({ decision: "approve", text: "  " }, { type: "cli" })).rejects.toMatchObject({ code: "validation_failed" });
    await deleteReviewReason(added.id, { type: "admin", id: null });
    expect((await listReviewReasons()).map((reason) => reason.id)).not.toContain(added.id);
    const audit = await db().auditEvent.findMany({ where: { subjectId: added.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.type)).toEqual(["review_reason.added", "review_reason.deleted"]);
  });
});
