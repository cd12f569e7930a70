"use server";
// Dashboard server actions: review decisions and sign-out. Each checks the admin session and role
// itself (an action can be posted to any path); Next.js refuses cross-origin action posts (CSRF).
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { adminCookieNames, ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { currentAdmin, requireAdmin } from "@/lib/admin/current-admin";
import { signOutAdmin } from "@/lib/admin/sessions";
import { decide } from "@/lib/admin/status-decisions";
import { addReviewReason, deleteReviewReason } from "@/lib/admin/review-reasons";
import { nextInQueue, queueFilterOf, queueQueryOf } from "@/lib/admin/submission-queue";
import type { ActionResult } from "@/components/admin/ActionForm";
import { revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { ProductError } from "@/lib/errors/product";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { isUuid, statusReasonSchema } from "@/lib/users/schemas";
import { revealSubmissionSecret } from "@/lib/verification/submissions";

const DESTRUCTIVE_DECISIONS = ["reject", "suspend"];

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function decideAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const kind = field(form, "kind") === "intent" ? "intent" : "user";
  const id = field(form, "id");
  const decision = field(form, "decision");
  // The queue's filter travels with the reviewer from user to user ("Approve & next").
  const queue = new URLSearchParams(field(form, "queue").slice(0, 500));
  const queueQuery = queueQueryOf(queueFilterOf(Object.fromEntries(queue)));
  const page = (userOrIntentId: string, query: string) =>
    `/admin/${kind === "intent" ? "intents" : "users"}/${encodeURIComponent(userOrIntentId)}?${query}${queueQuery ? `&${queueQuery}` : ""}`;
  // Reject and suspend are confirmed on the page; a post without the confirmation changes nothing.
  if (DESTRUCTIVE_DECISIONS.includes(decision) && field(form, "confirmed") !== "yes") redirect(page(id, "error=confirmation_required"));
  const requestHeaders = await headers();
  let to: string;
  try {
    ({ to } = await decide({
      kind,
      id,
      decision,
      reason: field(form, "reason"),
      adminId: admin.id,
      ip: requestHeaders.get(CLIENT_IP_HEADER),
      requestId: requestHeaders.get(REQUEST_ID_HEADER),
    }));
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    redirect(page(id, `error=${error.code}`));
  }
  if (kind === "user" && field(form, "next") === "1") {
    const next = await nextInQueue(queueFilterOf(Object.fromEntries(queue)), id);
    redirect(next ? page(next, `decided=${encodeURIComponent(to)}&previous=${encodeURIComponent(id)}`) : `/admin?${queueQuery}${queueQuery ? "&" : ""}notice=queue_done`);
  }
  redirect(page(id, `notice=${encodeURIComponent(to)}`));
}

/** Approves every selected user with one reason (the queue's bulk action); says how many worked. */
export async function bulkApproveAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const ids = form.getAll("user_id").filter((value): value is string => typeof value === "string" && isUuid(value)).slice(0, 100);
  const queueQuery = queueQueryOf(queueFilterOf(Object.fromEntries(new URLSearchParams(field(form, "queue").slice(0, 500)))));
  const back = (query: string) => `/admin?${queueQuery}${queueQuery ? "&" : ""}${query}`;
  if (ids.length === 0) redirect(back("error=nothing_selected"));
  const reason = statusReasonSchema.safeParse(field(form, "reason"));
  if (!reason.success) redirect(back("error=validation_failed"));
  const requestHeaders = await headers();
  let approved = 0;
  for (const id of ids) {
    try {
      await decide({ kind: "user", id, decision: "approve", reason: reason.data, adminId: admin.id, ip: requestHeaders.get(CLIENT_IP_HEADER), requestId: requestHeaders.get(REQUEST_ID_HEADER) });
      approved += 1;
    } catch (error) {
      if (!(error instanceof ProductError)) throw error;
    }
  }
  redirect(back(`approved=${approved}&failed=${ids.length - approved}`));
}

/** Admins edit the canned reasons reviewers pick from. */
export async function addReviewReasonAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("admin");
  let outcome = "notice=added";
  try {
    await addReviewReason({ decision: field(form, "decision"), text: field(form, "text") }, { type: "admin", id: admin.id });
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = "error=validation_failed";
  }
  redirect(`/admin/reasons?${outcome}`);
}

export async function deleteReviewReasonAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("admin");
  const id = field(form, "id");
  if (isUuid(id)) await deleteReviewReason(id, { type: "admin", id: admin.id });
  redirect("/admin/reasons?notice=deleted");
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
