import { it } from "vitest";
import { randomUUID } from "node:crypto";
import { db, sql } from "@/lib/db";

it("measure", async () => {
  const user = await db().user.create({ data: { phone: `+14155557001`, status: "document" } });
  const sub = await db().verificationSubmission.create({ data: { userId: user.id, kind: "document", data: {} } });
  const big = Buffer.alloc(10 * 1024 * 1024, 7);
  for (let i = 0; i < 2; i++) {
    let t = performance.now();
    const doc = await db().verificationDocument.create({ data: { submissionId: sub.id, userId: user.id, side: "front", contentType: "image/png", byteSize: big.length, sha256: "x", content: big }, select: { id: true } });
    const prismaInsert = performance.now() - t;
    t = performance.now();
    const id = randomUUID();
    await sql(`INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, content) VALUES ($1::uuid, $2::uuid, $3::uuid, 'back', 'image/png', $4, 'x', $5)`, [id, sub.id, user.id, big.length, big]);
    const pgInsert = performance.now() - t;
    t = performance.now();
    await db().verificationDocument.findUnique({ where: { id: doc.id }, select: { content: true } });
    const prismaRead = performance.now() - t;
    t = performance.now();
    const rows = await sql<{ content: Buffer }>(`SELECT content FROM verification_documents WHERE id = $1::uuid`, [id]);
    const pgRead = performance.now() - t;
    t = performance.now();
    await db().$transaction(async (tx) => { await tx.$executeRaw`INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, content) VALUES (${randomUUID()}::uuid, ${sub.id}::uuid, ${user.id}::uuid, 'back', 'image/png', ${big.length}, 'x', ${big})`; });
    const rawInsert = performance.now() - t;
    t = performance.now();
    await db().$queryRaw`SELECT content FROM verification_documents WHERE id = ${id}::uuid`;
    const rawRead = performance.now() - t;
    console.log(`MEASURE prismaInsert=${prismaInsert.toFixed(0)} pgInsert=${pgInsert.toFixed(0)} prismaRead=${prismaRead.toFixed(0)} pgRead=${pgRead.toFixed(0)} rawInsert=${rawInsert.toFixed(0)} rawRead=${rawRead.toFixed(0)} len=${rows[0]!.content.length}`);
  }
}, 120_000);
