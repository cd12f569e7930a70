// The dashboard's phone change queue: pending requests only, oldest first, keyset pages that never
// repeat or skip a request; a decision (reason required) takes it off the queue.
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "@/lib/admin/create-admin";
import { phoneChangeQueue } from "@/lib/admin/phone-change-queue";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { decidePhoneChange } from "@/lib/phone-changes/decide-phone-change";
import { findOrCreateUserByPhone } from "@/lib/users/find-or-create";

let adminId: string;
const requestIds: string[] = [];

beforeAll(async () => {
  adminId = (await createAdmin({ email: `phones.${process.pid}@example.com`, password: "correct horse battery staple", role: "reviewer" }, { type: "cli" })).id;
  // Five pending requests created a second apart (same instant would still page by id), one already decided.
  const base = Date.parse("2026-11-20T10:00:00Z");
  for (let i = 0; i < 6; i += 1) {
    const phone = `+1415777${String(1000 + i)}`;
    const { user } = await db().$transaction((tx) => findOrCreateUserByPhone(tx, phone));
    const row = await db().phoneChangeRequest.create({
      data: { userId: user.id, oldPhone: phone, newPhone: `+1415888${String(1000 + i)}`, createdAt: new Date(base + (5 - i) * 1000), ...(i === 5 ? { status: "rejected" } : {}) },
    });
    if (i < 5) requestIds.push(row.id);
  }
});

describe("phone change queue", () => {
  it("lists pending requests oldest first across keyset pages, without repeats or gaps", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const result = await phoneChangeQueue({ after, size: 2 });
      seen.push(...result.rows.map((row) => row.id));
      if (!result.next) break;
      after = result.next;
    }
    // Created newest-first above, so oldest first is the reverse order of creation.
    expect(seen).toEqual([...requestIds].reverse());
    const first = await phoneChangeQueue({ size: 2 });
    expect(first.rows[0]).toMatchObject({ oldPhone: "+14157771004", newPhone: "+14158881004", user: { status: "pending" } });
  });

  it("a decision needs a reason, and a decided request leaves the queue", async () => {
    const oldest = requestIds.at(-1)!;
    await expect(decidePhoneChange(oldest, "approve", "  ", { actor: { type: "admin", id: adminId } })).rejects.toBeInstanceOf(ProductError);
    expect((await phoneChangeQueue({ size: 1 })).rows[0]!.id).toBe(oldest);
    await decidePhoneChange(oldest, "approve", "called the user back", { actor: { type: "admin", id: adminId } });
    const queue = await phoneChangeQueue();
    expect(queue.rows.map((row) => row.id)).not.toContain(oldest);
    expect(queue.rows).toHaveLength(4);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { subjectId: oldest, type: "phone_change.approved" } });
    expect(audit).toMatchObject({ actorType: "admin", actorId: adminId });
  });

  it("a cursor that does not decode starts over instead of failing", async () => {
    expect((await phoneChangeQueue({ after: "garbage!", size: 1 })).rows).toHaveLength(1);
  });
});
