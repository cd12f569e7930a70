"use server";
// Dashboard server actions: review decisions and sign-out. Each declares its role (adminAction,
// lib/http/action.ts: an action can be posted to any path); Next.js refuses cross-origin action posts (CSRF).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { adminCookieNames, ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { currentAdmin } from "@/lib/admin/current-admin";
import { signOutAdmin } from "@/lib/admin/sessions";
import { decide } from "@/lib/admin/status-decisions";
import type { ActionResult } from "@/components/admin/ActionForm";
import { revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { adminAction, attempt, formResult } from "@/lib/http/action";
import { statusReasonSchema } from "@/lib/users/schemas";
import { isUuid } from "@/lib/validation/ids";
import { revealSubmissionSecret } from "@/lib/verification/submissions";

export const decideAction = adminAction("reviewer", async ({ field, admin, ip, requestId }) => {
  const kind = field("kind") === "intent" ? "intent" : "user";
  const id = field("id");
  const page = `/admin/${kind === "intent" ? "intents" : "users"}/${encodeURIComponent(id)}`;
  const decided = await attempt(() => decide({ kind, id, decision: field("decision"), reason: field("reason"), adminId: admin.id, ip, requestId }));
  redirect(`${page}?${decided.ok ? `notice=${encodeURIComponent(decided.value.to)}` : `error=${decided.code}`}`);
});

/** Admins only: the full SSN or EIN of one submission, returned once to the form (audited). */
export const revealSecretAction = adminAction<ActionResult | null, ActionResult>("admin", async ({ field, admin, ip, requestId }) => {
  const secretField = field("field") === "ein" ? "ein" : "ssn";
  return formResult(async () => {
    const value = await revealSubmissionSecret({ submissionId: field("submission_id"), field: secretField, adminId: admin.id, ip, requestId });
    return { secret: { label: secretField.toUpperCase(), value } };
  });
});

/** Reviewers and admins revoke a user's trusted device with a required reason (device.revoked). */
export const adminRevokeDeviceAction = adminAction("reviewer", async ({ field, admin, ip, requestId }) => {
  const userId = field("user_id");
  const page = `/admin/users/${encodeURIComponent(userId)}`;
  const reason = statusReasonSchema.safeParse(field("reason"));
  let outcome: string;
  if (!reason.success) outcome = "error=validation_failed";
  else if (!isUuid(userId) || !isUuid(field("device_id"))) outcome = "error=device_not_found";
  else {
    const revoked = await attempt(() => revokeDeviceAsAdmin({ userId, deviceId: field("device_id"), actor: { type: "admin", id: admin.id }, reason: reason.data, ip, requestId }));
    outcome = revoked.ok ? "device=revoked" : `error=${revoked.code}`;
  }
  redirect(`${page}?${outcome}#devices`);
});

export async function signOutAction(): Promise<void> {
  const admin = await currentAdmin();
  if (admin) {
    await signOutAdmin(admin);
  }
  (await cookies()).delete({ name: adminCookieNames().session, path: ADMIN_COOKIE_PATH });
  redirect("/admin/login");
}
