"use server";
// Server actions of the hosted challenge page (Next.js refuses cross-origin action posts: CSRF).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sendEnrolmentCode } from "@/lib/risk-actions/challenge";
import { CLIENT_IP_HEADER } from "@/lib/http/request-context";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function sendEnrolmentCodeAction(form: FormData): Promise<void> {
  const actionId = field(form, "actionId");
  const token = field(form, "token");
  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const result = await sendEnrolmentCode({ actionId, token, ip });
  const back = `/challenge/${encodeURIComponent(actionId)}?token=${encodeURIComponent(token)}`;
  redirect(result.ok ? `${back}&sms=sent` : `${back}&error=${result.error}`);
}
