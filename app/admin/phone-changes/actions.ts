"use server";
// Phone change decisions from the dashboard: role declared here (adminAction: an action can be
// posted to any path), reason required, audited and user.updated emitted by decidePhoneChange.
import { redirect } from "next/navigation";
import { adminAction, attempt } from "@/lib/http/action";
import { decidePhoneChange } from "@/lib/phone-changes/decide-phone-change";

export const decidePhoneChangeAction = adminAction("reviewer", async ({ field, admin, ip, requestId }) => {
  const decision = field("decision");
  let outcome: string;
  if (decision !== "approve" && decision !== "reject") outcome = "error=validation_failed";
  else {
    const decided = await attempt(() => decidePhoneChange(field("request_id"), decision, field("reason"), { actor: { type: "admin", id: admin.id }, ip, requestId }));
    outcome = decided.ok ? `notice=${decided.value.status}` : `error=${decided.code}`;
  }
  redirect(`/admin/phone-changes?${outcome}`);
});
