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
  if (result.ok) redirect(`${back}&sms=sent${field(form, "resend") ? "&resent=1" : ""}`);
  // A double tap finds the cooldown running: the code step, where the code already sent works.
  if (result.error === "sms_resend_too_soon") redirect(`${back}&sms=sent&error=${result.error}`);
  // "Send a new code" that failed keeps the user on the code step.
  redirect(`${back}${field(form, "resend") && result.error !== "unavailable" ? "&sms=sent" : ""}&error=${result.error}`);
}
