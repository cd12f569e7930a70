"use server";
// Dashboard server actions: review decisions and sign-out. Each checks the admin session and role
// itself (an action can be posted to any path); Next.js refuses cross-origin action posts (CSRF).
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { adminCookieNames, ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { currentAdmin, requireAdmin } from "@/lib/admin/current-admin";
import { revokeAdminSession } from "@/lib/admin/sessions";
import { decide } from "@/lib/admin/status-decisions";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/http/product-errors";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function decideAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const kind = field(form, "kind") === "intent" ? "intent" : "user";
  const id = field(form, "id");
  const page = `/admin/${kind === "intent" ? "intents" : "users"}/${encodeURIComponent(id)}`;
  const requestHeaders = await headers();
  let outcome: string;
  try {
    const { to } = await decide({
      kind,
      id,
      decision: field(form, "decision"),
      reason: field(form, "reason"),
      adminId: admin.id,
      ip: requestHeaders.get(CLIENT_IP_HEADER),
      requestId: requestHeaders.get(REQUEST_ID_HEADER),
    });
    outcome = `notice=${encodeURIComponent(to)}`;
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = `error=${error.code}`;
  }
  redirect(`${page}?${outcome}`);
}

export async function signOutAction(): Promise<void> {
  const admin = await currentAdmin();
  if (admin) {
    await revokeAdminSession(admin.sessionId);
    await db().$transaction((tx) => emit(tx, { type: "admin.signed_out", actor: { type: "admin", id: admin.id }, subjectId: admin.id }));
  }
  (await cookies()).delete({ name: adminCookieNames().session, path: ADMIN_COOKIE_PATH });
  redirect("/admin/login");
}
