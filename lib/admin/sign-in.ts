// Admin sign-in in two steps. Step 1 (password) only yields a one-time ticket; step 2 (TOTP, or
// TOTP enrolment on the first sign-in) consumes it and creates the session. next-auth issues its
// cookie only after step 2, so no session ever exists with one factor.
import { ADMIN_LOGIN_ATTEMPTS_PER_IP, ADMIN_LOGIN_WINDOW_S } from "@/lib/config/limits";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit, record } from "@/lib/events/emit";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { isLocked, recordAdminLoginFailure } from "./lockout";
import { findLoginTicket, issueLoginTicket } from "./login-ticket";
import { hashPassword, verifyPassword } from "./password";
import { createAdminSession } from "./sessions";
import { checkTotp, newTotpSecret } from "@/lib/crypto/totp";

/** Codes carried back to the sign-in pages (never more specific than this). */
export type AdminSignInErrorCode = "invalid_credentials" | "rate_limited" | "invalid_code" | "replayed_code" | "locked" | "expired" | "server_error";

export class AdminSignInError extends Error {
  constructor(readonly code: AdminSignInErrorCode) {
    super(code);
  }
}

let dummyHash: Promise<string> | null = null;
/** Unknown emails still cost one scrypt, so timing does not tell which emails are admins. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-an-admin-password-placeholder");
  return dummyHash;
}

export interface PasswordStepResult {
  ticket: string;
  /** No authenticator yet: the next page enrols one. */
  enrol: boolean;
}

/**
 * Step 1. Unknown email, disabled or locked account and wrong password all answer
 * `invalid_credentials` (no account enumeration); wrong passwords of a real account count
 * towards its lockout.
 */
export async function verifyAdminPassword(input: { email: string; password: string; ip: string; now?: Date }): Promise<PasswordStepResult> {
  const now = input.now ?? new Date();
  const limit = await hitRateLimit(`admin-login:ip:${input.ip}`, ADMIN_LOGIN_ATTEMPTS_PER_IP, ADMIN_LOGIN_WINDOW_S);
  if (!limit.allowed) throw new AdminSignInError("rate_limited");
  const email = input.email.trim().toLowerCase().slice(0, 320);
  const password = input.password.slice(0, 1024);
  const admin = email ? await db().admin.findUnique({ where: { email } }) : null;
  const passwordOk = await verifyPassword(password, admin?.passwordHash ?? (await dummyPasswordHash()));
  if (!admin || admin.disabledAt) throw new AdminSignInError("invalid_credentials");
  if (isLocked(admin, now)) {
    await record({ type: "admin.login_refused", actor: { type: "admin", id: admin.id }, subjectId: admin.id, ip: input.ip, data: { reason: "locked" } });
    throw new AdminSignInError("invalid_credentials");
  }
  if (!passwordOk) {
    await recordAdminLoginFailure(admin.id, "password", "wrong_password", input.ip, now);
    throw new AdminSignInError("invalid_credentials");
  }
  const enrol = !admin.totpSecretEnc;
  const ticket = await db().$transaction((tx) => issueLoginTicket(tx, { adminId: admin.id, pendingTotpSecretEnc: enrol ? encryptSecret(newTotpSecret(), "totp") : null, ip: input.ip, now }));
  return { ticket, enrol };
}

/** What the enrolment page shows: the secret being enrolled (only while the ticket lives). */
export async function pendingEnrolment(ticketToken: string | undefined | null): Promise<{ email: string; secret: string } | null> {
  const ticket = await findLoginTicket(ticketToken);
  if (!ticket?.pendingTotpSecretEnc) return null;
  return { email: ticket.admin.email, secret: decryptSecret(ticket.pendingTotpSecretEnc, "totp") };
}

export interface AdminSessionGrant {
  id: string;
  email: string;
  role: string;
  sid: string;
}

/** Step 2: the TOTP code (confirming enrolment on the first sign-in) → a new admin session. */
export async function completeAdminSignIn(input: { ticket: string | null | undefined; code: string; ip: string; userAgent: string | null; now?: Date }): Promise<AdminSessionGrant> {
  const now = input.now ?? new Date();
  const ticket = await findLoginTicket(input.ticket, now);
  if (!ticket) throw new AdminSignInError("expired");
  const admin = ticket.admin;
  if (isLocked(admin, now)) throw new AdminSignInError("locked");
  const enrolling = Boolean(ticket.pendingTotpSecretEnc);
  const sealed = ticket.pendingTotpSecretEnc ?? admin.totpSecretEnc;
  if (!sealed) throw new AdminSignInError("expired");
  const check = await checkTotp({ secret: decryptSecret(sealed, "totp"), code: input.code.replace(/\s/g, ""), epochS: Math.floor(now.getTime() / 1000), lastUsedStep: admin.totpLastStep });
  if (!check.ok) {
    const { locked } = await recordAdminLoginFailure(admin.id, "totp", check.reason === "replayed" ? "replayed_code" : "wrong_code", input.ip, now);
    throw new AdminSignInError(locked ? "locked" : check.reason === "replayed" ? "replayed_code" : "invalid_code");
  }
  return db().$transaction(async (tx) => {
    // The ticket is spent before anything else, and the step is claimed with a guarded update:
    // two concurrent submissions of one code cannot both win.
    const spent = await tx.adminLoginTicket.updateMany({ where: { id: ticket.id, consumedAt: null }, data: { consumedAt: now } });
    if (spent.count !== 1) throw new AdminSignInError("expired");
    const claimed = await tx.admin.updateMany({
      where: { id: admin.id, disabledAt: null, OR: [{ totpLastStep: null }, { totpLastStep: { lt: check.step } }] },
      data: {
        totpLastStep: check.step,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: now,
        ...(enrolling ? { totpSecretEnc: ticket.pendingTotpSecretEnc } : {}),
      },
    });
    if (claimed.count !== 1) throw new AdminSignInError("replayed_code");
    if (enrolling) await emit(tx, { type: "admin.totp_enrolled", actor: { type: "admin", id: admin.id }, subjectId: admin.id, ip: input.ip });
    const sid = await createAdminSession(tx, { adminId: admin.id, ip: input.ip, userAgent: input.userAgent, now });
    await emit(tx, { type: "admin.signed_in", actor: { type: "admin", id: admin.id }, subjectId: admin.id, ip: input.ip, data: { second_factor: "totp" } });
    return { id: admin.id, email: admin.email, role: admin.role, sid };
  });
}
