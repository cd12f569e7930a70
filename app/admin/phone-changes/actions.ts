"use server";
// Phone change decisions from the dashboard: role checked here (an action can be posted to any
// path), reason required, audited and user.updated emitted by decidePhoneChange.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/admin/current-admin";
import { ProductError } from "@/lib/errors/product";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { decidePhoneChange } from "@/lib/phone-changes/decide-phone-change";

export async function decidePhoneChangeAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("reviewer");
  const value = (name: string) => {
    const raw = form.get(name);
    return typeof raw === "string" ? raw : "";
  };
  const decision = value("decision");
  let outcome: string;
  if (decision !== "approve" && decision !== "reject") outcome = "error=validation_failed";
  else {
    const requestHeaders = await headers();
    try {
      const decided = await decidePhoneChange(value("request_id"), decision, value("reason"), {
        actor: { type: "admin", id: admin.id },
        ip: requestHeaders.get(CLIENT_IP_HEADER),
        requestId: requestHeaders.get(REQUEST_ID_HEADER),
      });
      outcome = `notice=${decided.status}`;
    } catch (error) {
      if (!(error instanceof ProductError)) throw error;
      outcome = `error=${error.code}`;
    }
  }
  redirect(`/admin/phone-changes?${outcome}`);
}
