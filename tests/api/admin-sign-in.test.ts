// Admin sign-in: password ticket, TOTP enrolment, lockout without enumeration, TOTP replay, and
// server-side session expiry (absolute and idle) with an injected clock.
import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "@/lib/admin/create-admin";
import { hasRole } from "@/lib/admin/current-admin";
import { resolveAdminSession } from "@/lib/admin/sessions";
import { AdminSignInError, completeAdminSignIn, pendingEnrolment, verifyAdminPassword } from "@/lib/admin/sign-in";
import { ADMIN_LOCKOUT_S, ADMIN_MAX_FAILED_LOGINS, ADMIN_SESSION_IDLE_S, ADMIN_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";

const PASSWORD = "correct horse battery staple";
let counter = 0;

async function newAdmin(role: "admin" | "reviewer" = "admin") {
  counter += 1;
  return createAdmin({ email: `ops${counter}.${process.pid}@example.com`, password: PASSWORD, role }, { type: "cli" });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AdminSignInError) return error.code;
    throw error;
  }
  throw new Error("expected the sign-in step to fail");
}

/** Enrols and signs in once; returns the secret and the time used. */
async function enrolledAdmin(now = new Date()) {
  const admin = await newAdmin();
  const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: "203.0.113.1", now });
  expect(step.enrol).toBe(true);
  const { secret } = (await pendingEnrolment(step.ticket))!;
  const grant = await completeAdminSignIn({ ticket: step.ticket, code: await generate({ secret, epoch: Math.floor(now.getTime() / 1000) }), ip: "203.0.113.1", userAgent: "test", now });
  return { admin, secret, grant };
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

describe("admin sign-in", () => {
  beforeAll(() => {
    expect(process.env.TRUSTGATE_SECRET).toBeTruthy();
  });

  it("first sign-in enrols TOTP: the secret is stored encrypted only once a code confirms it", async () => {
    const admin = await newAdmin();
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: freshIp() });
    const { secret } = (await pendingEnrolment(step.ticket))!;
    expect((await db().admin.findUniqueOrThrow({ where: { id: admin.id } })).totpSecretEnc).toBeNull();
    expect(await failure(completeAdminSignIn({ ticket: step.ticket, code: "000000", ip: "x", userAgent: null }))).toBe("invalid_code");
    const grant = await completeAdminSignIn({ ticket: step.ticket, code: await generate({ secret }), ip: "x", userAgent: null });
    expect(grant.id).toBe(admin.id);
    const stored = await db().admin.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.totpSecretEnc).not.toContain(secret);
    expect(decryptSecret(stored.totpSecretEnc!, "totp")).toBe(secret);
    expect(stored.failedLoginCount).toBe(0);
    const events = await db().auditEvent.findMany({ where: { subjectId: admin.id }, select: { type: true } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["admin.totp_enrolled", "admin.signed_in", "admin.login_failed"]));
  });

  it("the password ticket is single use", async () => {
    const { admin, secret } = await enrolledAdmin();
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: freshIp() });
    expect(step.enrol).toBe(false);
    const later = Date.now() + 30_000;
    await completeAdminSignIn({ ticket: step.ticket, code: await generate({ secret, epoch: Math.floor(later / 1000) }), ip: "x", userAgent: null, now: new Date(later) });
    expect(await failure(completeAdminSignIn({ ticket: step.ticket, code: await generate({ secret, epoch: Math.floor(later / 1000) + 30 }), ip: "x", userAgent: null, now: new Date(later + 30_000) }))).toBe("expired");
  });

  it("totp-replay: a code whose time step was already used is refused, the next step's code works", async () => {
    const now = new Date();
    const { admin, secret } = await enrolledAdmin(now);
    const usedCode = await generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: freshIp(), now });
    expect(await failure(completeAdminSignIn({ ticket: step.ticket, code: usedCode, ip: "x", userAgent: null, now }))).toBe("replayed_code");
    const next = new Date(now.getTime() + 30_000);
    const grant = await completeAdminSignIn({ ticket: step.ticket, code: await generate({ secret, epoch: Math.floor(next.getTime() / 1000) }), ip: "x", userAgent: null, now: next });
    expect(grant.sid).toBeTruthy();
  });

  it("concurrent submissions of one ticket and code: exactly one session", async () => {
    const { admin, secret } = await enrolledAdmin();
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: freshIp() });
    const later = new Date(Date.now() + 30_000);
    const code = await generate({ secret, epoch: Math.floor(later.getTime() / 1000) });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => completeAdminSignIn({ ticket: step.ticket, code, ip: "x", userAgent: null, now: later })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().adminSession.count({ where: { adminId: admin.id, createdAt: later } })).toBe(1);
  });

  it("lockout: after N wrong passwords even the right one fails, with the same error as an unknown email", async () => {
    const admin = await newAdmin();
    const ip = freshIp();
    for (let i = 0; i < ADMIN_MAX_FAILED_LOGINS; i++) {
      expect(await failure(verifyAdminPassword({ email: admin.email, password: `wrong password ${i}!`, ip }))).toBe("invalid_credentials");
    }
    expect(await failure(verifyAdminPassword({ email: admin.email, password: PASSWORD, ip }))).toBe("invalid_credentials");
    expect(await failure(verifyAdminPassword({ email: "nobody@example.com", password: PASSWORD, ip }))).toBe("invalid_credentials");
    const locked = await db().auditEvent.findFirst({ where: { type: "admin.locked", subjectId: admin.id } });
    expect(locked).not.toBeNull();
    // After the lock runs out the right password works again.
    const later = new Date(Date.now() + ADMIN_LOCKOUT_S * 1000 + 1000);
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip, now: later });
    expect(step.ticket).toBeTruthy();
  });

  it("wrong TOTP codes count towards the same lockout", async () => {
    const { admin } = await enrolledAdmin();
    const step = await verifyAdminPassword({ email: admin.email, password: PASSWORD, ip: freshIp() });
    const codes: string[] = [];
    for (let i = 0; i < ADMIN_MAX_FAILED_LOGINS; i++) codes.push(await failure(completeAdminSignIn({ ticket: step.ticket, code: "000000", ip: "x", userAgent: null })));
    expect(codes.at(-1)).toBe("locked");
    expect((await db().admin.findUniqueOrThrow({ where: { id: admin.id } })).lockedUntil).not.toBeNull();
  });

  it("sessions expire server-side after 30 minutes idle and 12 hours absolute", async () => {
    const start = new Date();
    const { grant } = await enrolledAdmin(start);
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(await resolveAdminSession(grant.sid, at(60_000))).toHaveProperty("admin.id", grant.id);
    // Activity keeps it alive: each request within the idle window moves last_seen_at.
    expect(await resolveAdminSession(grant.sid, at(60_000 + (ADMIN_SESSION_IDLE_S - 60) * 1000))).toHaveProperty("admin");
    const idleAt = at(60_000 + (ADMIN_SESSION_IDLE_S - 60) * 1000 + ADMIN_SESSION_IDLE_S * 1000);
    expect(await resolveAdminSession(grant.sid, idleAt)).toEqual({ problem: "idle" });
    // Once idle it stays dead even if the clock went back.
    expect(await resolveAdminSession(grant.sid, at(120_000))).toEqual({ problem: "revoked" });

    const { grant: other } = await enrolledAdmin(start);
    let t = start.getTime();
    while (t < start.getTime() + ADMIN_SESSION_MAX_AGE_S * 1000 - 20 * 60_000) {
      t += 20 * 60_000;
      expect(await resolveAdminSession(other.sid, new Date(t))).toHaveProperty("admin");
    }
    expect(await resolveAdminSession(other.sid, new Date(start.getTime() + ADMIN_SESSION_MAX_AGE_S * 1000))).toEqual({ problem: "expired" });
  });

  it("reviewers do not hold the admin role", async () => {
    expect(hasRole({ role: "reviewer" }, "admin")).toBe(false);
    expect(hasRole({ role: "reviewer" }, "reviewer")).toBe(true);
    expect(hasRole({ role: "admin" }, "admin")).toBe(true);
  });
});
