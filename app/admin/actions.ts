"use server";
// Dashboard server actions: review decisions and sign-out. Each checks the admin session and role
// itself (an action can be posted to any path); Next.js refuses cross-origin action posts (CSRF).
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { adminCookieNames, ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { currentAdmin, requireAdmin } from "@/lib/admin/current-admin";
import { signOutAdmin } from "@/lib/admin/sessions";
import { decide } from "@/lib/admin/status-decisions";
import type { ActionResult } from "@/components/admin/ActionForm";
import { revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { endUserSessionsAsAdmin } from "@/lib/admin/end-user-sessions";
import { ProductError } from "@/lib/errors/product";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { isUuid, statusReasonSchema } from "@/lib/users/schemas";
import { revealSubmissionSecret } from "@/lib/verification/submissions";

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

/** Admins only: the full SSN or EIN of one submission, returned once to the form (audited). */
export async function revealSecretAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  const requestHeaders = await headers();
  const field_ = field(form, "field") === "ein" ? "ein" : "ssn";
  try {
    const value = await revealSubmissionSecret({
      submissionId: field(form, "submission_id"),
      field: field_,
      adminId: admin.id,
      ip: requestHeaders.get(CLIENT_IP_HEADER),
      requestId: requestHeaders.get(REQUEST_ID_HEADER),
    });
    return { secret: { label: field_.toUpperCase(), value } };
  } catch (error) {
    if (error instanceof ProductError) return { error: error.description };
    throw error;
  }
}

/** Reviewers and admins revoke a user's trusted device with a required reason (device.revoked). */
export async function adminRevokeDeviceAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const userId = field(form, "user_id");
  const page = `/admin/users/${encodeURIComponent(userId)}`;
  const reason = statusReasonSchema.safeParse(field(form, "reason"));
  let outcome: string;
  if (!reason.success) outcome = "error=validation_failed";
  else if (!isUuid(userId) || !isUuid(field(form, "device_id"))) outcome = "error=device_not_found";
  else {
    const requestHeaders = await headers();
    try {
      await revokeDeviceAsAdmin({
        userId,
        deviceId: field(form, "device_id"),
        actor: { type: "admin", id: admin.id },
        reason: reason.data,
        ip: requestHeaders.get(CLIENT_IP_HEADER),
        requestId: requestHeaders.get(REQUEST_ID_HEADER),
      });
      outcome = "device=revoked";
    } catch (error) {
      if (!(error instanceof ProductError)) throw error;
      outcome = `error=${error.code}`;
    }
  }
  redirect(`${page}?${outcome}#devices`);
}

export async function signOutAction(): Promise<void> {
  const admin = await currentAdmin();
  if (admin) {
    await signOutAdmin(admin);
  }
  (await cookies()).delete({ name: adminCookieNames().session, path: ADMIN_COOKIE_PATH });
  redirect("/admin/login");
}

/** Reviewers and admins sign a user out everywhere, with a required reason (user.sessions_ended). */
export async function adminEndUserSessionsAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const userId = field(form, "user_id");
  const reason = statusReasonSchema.safeParse(field(form, "reason"));
  let outcome = "sessions=ended";
  if (!reason.success) outcome = "error=validation_failed";
  else {
    const requestHeaders = await headers();
    try {
      await endUserSessionsAsAdmin({ userId, actor: { type: "admin", id: admin.id }, reason: reason.data, ip: requestHeaders.get(CLIENT_IP_HEADER), requestId: requestHeaders.get(REQUEST_ID_HEADER) });
    } catch (error) {
      if (!(error instanceof ProductError)) throw error;
      outcome = `error=${error.code}`;
    }
  }
  redirect(`/admin/users/${encodeURIComponent(userId)}?${outcome}#sessions`);
}
