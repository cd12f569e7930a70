"use server";
// Dashboard server actions: review decisions and sign-out. Each declares its role (adminAction,
// lib/http/action.ts: an action can be posted to any path); Next.js refuses cross-origin action posts (CSRF).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { adminCookieNames, ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { currentAdmin } from "@/lib/admin/current-admin";
import { signOutAdmin } from "@/lib/admin/sessions";
import { decide } from "@/lib/admin/status-decisions";
import { addReviewReason, deleteReviewReason } from "@/lib/admin/review-reasons";
import { nextInQueue, queueFilterOf, queueQueryOf } from "@/lib/admin/submission-queue";
import type { ActionResult } from "@/components/admin/ActionForm";
import { revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { adminAction, attempt, formResult } from "@/lib/http/action";
import { statusReasonSchema } from "@/lib/users/schemas";
import { isUuid } from "@/lib/validation/ids";
import { endUserSessionsAsAdmin } from "@/lib/admin/end-user-sessions";
import { revealSubmissionSecret } from "@/lib/verification/submissions";

const DESTRUCTIVE_DECISIONS = ["reject", "suspend"];

export const decideAction = adminAction("reviewer", async ({ field, admin, ip, requestId }) => {
  const kind = field("kind") === "intent" ? "intent" : "user";
  const id = field("id");
  const decision = field("decision");
  // The queue's filter travels with the reviewer from user to user ("Approve & next").
  const queue = new URLSearchParams(field("queue").slice(0, 500));
  const queueQuery = queueQueryOf(queueFilterOf(Object.fromEntries(queue)));
  const page = (userOrIntentId: string, query: string) => `/admin/${kind === "intent" ? "intents" : "users"}/${encodeURIComponent(userOrIntentId)}?${query}${queueQuery ? `&${queueQuery}` : ""}`;
  // Reject and suspend are confirmed on the page; a post without the confirmation changes nothing.
  if (DESTRUCTIVE_DECISIONS.includes(decision) && field("confirmed") !== "yes") redirect(page(id, "error=confirmation_required"));
  const decided = await attempt(() => decide({ kind, id, decision, reason: field("reason"), adminId: admin.id, ip, requestId }));
  if (!decided.ok) redirect(page(id, `error=${decided.code}`));
  const { to } = decided.value;
  if (kind === "user" && field("next") === "1") {
    const next = await nextInQueue(queueFilterOf(Object.fromEntries(queue)), id);
    redirect(next ? page(next, `decided=${encodeURIComponent(to)}&previous=${encodeURIComponent(id)}`) : `/admin?${queueQuery}${queueQuery ? "&" : ""}notice=queue_done`);
  }
  redirect(page(id, `notice=${encodeURIComponent(to)}`));
});

/** Approves every selected user with one reason (the queue's bulk action); says how many worked. */
export const bulkApproveAction = adminAction("reviewer", async ({ form, field, admin, ip, requestId }) => {
  const ids = form
    .getAll("user_id")
    .filter((value): value is string => typeof value === "string" && isUuid(value))
    .slice(0, 100);
  const queueQuery = queueQueryOf(queueFilterOf(Object.fromEntries(new URLSearchParams(field("queue").slice(0, 500)))));
  const back = (query: string) => `/admin?${queueQuery}${queueQuery ? "&" : ""}${query}`;
  if (ids.length === 0) redirect(back("error=nothing_selected"));
  const reason = statusReasonSchema.safeParse(field("reason"));
  if (!reason.success) redirect(back("error=validation_failed"));
  let approved = 0;
  for (const id of ids) {
    const done = await attempt(() => decide({ kind: "user", id, decision: "approve", reason: reason.data, adminId: admin.id, ip, requestId }));
    if (done.ok) approved += 1;
  }
  redirect(back(`approved=${approved}&failed=${ids.length - approved}`));
});

/** Admins edit the canned reasons reviewers pick from. */
export const addReviewReasonAction = adminAction("admin", async ({ field, admin }) => {
  const added = await attempt(() => addReviewReason({ decision: field("decision"), text: field("text") }, { type: "admin", id: admin.id }));
  redirect(`/admin/reasons?${added.ok ? "notice=added" : "error=validation_failed"}`);
});

export const deleteReviewReasonAction = adminAction("admin", async ({ field, admin }) => {
  const id = field("id");
  if (isUuid(id)) await deleteReviewReason(id, { type: "admin", id: admin.id });
  redirect("/admin/reasons?notice=deleted");
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

/** Reviewers and admins sign a user out everywhere, with a required reason (user.sessions_ended). */
export const adminEndUserSessionsAction = adminAction("reviewer", async ({ field, admin, ip, requestId }) => {
  const userId = field("user_id");
  const ended = await attempt(async () => {
    const reason = statusReasonSchema.parse(field("reason"));
    await endUserSessionsAsAdmin({ userId, actor: { type: "admin", id: admin.id }, reason, ip, requestId });
  });
  redirect(`/admin/users/${encodeURIComponent(userId)}?${ended.ok ? "sessions=ended" : `error=${ended.code}`}#sessions`);
});
