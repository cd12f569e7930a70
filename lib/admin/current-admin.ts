// Who is signed in to the dashboard. Every admin page and every admin server action calls
// requireAdmin() itself: layouts do not guard server actions, and an action can be posted to any path.
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { AdminRole } from "@/lib/db/generated/client";
import { adminCookieNames, adminSessionSecret } from "./auth-options";
import { resolveAdminSession, type SignedInAdmin } from "./sessions";

/** The session id inside the admin next-auth JWT cookie (encrypted with the admin key), if any. */
async function adminSessionId(): Promise<string | null> {
  const raw = (await cookies()).get(adminCookieNames().session)?.value;
  if (!raw) return null;
  const token = await decode({ token: raw, secret: adminSessionSecret() }).catch(() => null);
  return typeof token?.sid === "string" ? token.sid : null;
}

export async function currentAdmin(): Promise<SignedInAdmin | null> {
  const resolved = await resolveAdminSession(await adminSessionId());
  return "admin" in resolved ? resolved.admin : null;
}

/** Reviewers may review; only admins manage clients and admins (SPEC §2). */
export function hasRole(admin: { role: AdminRole }, needed: AdminRole): boolean {
  return needed === "reviewer" || admin.role === "admin";
}

/** The signed-in admin, or a redirect to sign-in (no session) / 403 (role too low). */
export async function requireAdmin(needed: AdminRole = "reviewer"): Promise<SignedInAdmin> {
  const admin = await currentAdmin();
  if (!admin) {
    const hadSession = (await cookies()).has(adminCookieNames().session);
    redirect(hadSession ? "/admin/login?expired=1" : "/admin/login");
  }
  if (!hasRole(admin, needed)) forbidden();
  return admin;
}
