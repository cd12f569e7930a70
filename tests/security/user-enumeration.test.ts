// User enumeration on SMS start (ASVS 5.0 V6.3 — the sign-in must not tell whether an account
// exists): the answer for a phone that belongs to a user and for one that does not is the same,
// and so, grossly, is the time it takes. The timing check is statistical and deliberately
// generous: medians over interleaved samples, failing only when the known-phone median differs
// from the unknown-phone median by more than 50 ms AND by more than 3× — a difference that large
// would be a real oracle, while scheduler noise on a busy machine never is.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { startSmsSignIn } from "@/lib/authorize/start-sms-sign-in";
import { db } from "@/lib/db";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { apiRequest, createTestClient } from "../support/fixtures";
import { newPhone } from "../support/trusted-auth";

const SAMPLES = 15;
let partner: CreatedClient;
let ipSeq = 1;
const newIp = () => `198.19.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

async function newRid(): Promise<string> {
  const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", scope: "openid phone" });
  const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
  return /rid=([^&]+)/.exec(response.headers.get("location") ?? "")![1]!;
}

async function knownPhone(): Promise<string> {
  const phone = newPhone();
  await db().user.create({ data: { phone, status: "approved" } });
  return phone;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(phone: string): Promise<{ ms: number; result: Awaited<ReturnType<typeof startSmsSignIn>> }> {
  const rid = await newRid();
  const started = process.hrtime.bigint();
  const result = await startSmsSignIn({ requestId: rid, phone, ip: newIp() });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

beforeAll(async () => {
  partner = await createTestClient();
});

describe("user enumeration on SMS start", () => {
  it("user-enumeration-sms-start-identical-responses", async () => {
    const known = await knownPhone();
    const unknown = newPhone();
    const a = await timed(known);
    const b = await timed(unknown);
    expect(a.result).toEqual({ ok: true, phone: known, justSent: false });
    expect(b.result).toEqual({ ok: true, phone: unknown, justSent: false });
    // The text message is the same too (only the code differs).
    const [toKnown] = await listOutboxMessages({ to: known, limit: 1 });
    const [toUnknown] = await listOutboxMessages({ to: unknown, limit: 1 });
    expect(toKnown!.body.replace(/\d{6}/g, "CODE")).toBe(toUnknown!.body.replace(/\d{6}/g, "CODE"));
    // Both get the same cooldown answer on an immediate resend.
    const againKnown = await startSmsSignIn({ requestId: await newRid(), phone: known, ip: newIp() });
    const againUnknown = await startSmsSignIn({ requestId: await newRid(), phone: unknown, ip: newIp() });
    expect(againKnown).toEqual({ ok: true, phone: known, justSent: true });
    expect(againUnknown).toEqual({ ok: true, phone: unknown, justSent: true });
  });

  it("user-enumeration-sms-start-timing: no gross latency difference between known and unknown phones", async () => {
    const phones = await Promise.all(Array.from({ length: SAMPLES }, () => knownPhone()));
    // Warm up both paths once.
    await timed(await knownPhone());
    await timed(newPhone());
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Interleave so drift on the machine affects both series alike.
      const pair = i % 2 === 0 ? [true, false] : [false, true];
      for (const isKnown of pair) {
        const sample = await timed(isKnown ? phones[i]! : newPhone());
        expect(sample.result.ok).toBe(true);
        (isKnown ? knownMs : unknownMs).push(sample.ms);
      }
    }
    const [known, unknown] = [median(knownMs), median(unknownMs)];
    const difference = Math.abs(known - unknown);
    const ratio = Math.max(known, unknown) / Math.max(Math.min(known, unknown), 0.001);
    const grossDifference = difference > 50 && ratio > 3;
    expect(grossDifference, `median known ${known.toFixed(1)} ms vs unknown ${unknown.toFixed(1)} ms`).toBe(false);
  });
});
