// Who is signed in to the dashboard. Every admin page and every admin server action calls
// requireAdmin() itself: layouts do not guard server actions, and an action can be posted to any path.
import { getServerSession } from "next-auth/next";
import { forbidden, redirect } from "next/navigation";
import type { AdminRole } from "@/lib/db/generated/client";
import { adminAuthOptions } from "./auth-options";
import { resolveAdminSession, type SignedInAdmin } from "./sessions";

export async function currentAdmin(): Promise<SignedInAdmin | null> {
  const session = (await getServerSession(adminAuthOptions())) as { sid?: unknown } | null;
  const resolved = await resolveAdminSession(typeof session?.sid === "string" ? session.sid : null);
  return "admin" in resolved ? resolved.admin : null;
}

/** Reviewers may review; only admins manage clients and admins (SPEC §2). */
export function hasRole(admin: { role: AdminRole }, needed: AdminRole): boolean {
  return needed === "reviewer" || admin.role === "admin";
}

/** The signed-in admin, or a redirect to sign-in (no session) / 403 (role too low). */
export async function requireAdmin(needed: AdminRole = "reviewer"): Promise<SignedInAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/admin/login?expired=1");
  if (!hasRole(admin, needed)) forbidden();
  return admin;
}
