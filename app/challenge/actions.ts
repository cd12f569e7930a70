"use server";
// Server actions of the hosted challenge page (Next.js refuses cross-origin action posts: CSRF).
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/http/action";
import { sendEnrolmentCode } from "@/lib/risk-actions/challenge";

export const sendEnrolmentCodeAction = publicAction(async ({ field, ip }) => {
  const actionId = field("actionId");
  const token = field("token");
  const result = await sendEnrolmentCode({ actionId, token, ip });
  const back = `/challenge/${encodeURIComponent(actionId)}?token=${encodeURIComponent(token)}`;
  if (result.ok) redirect(`${back}&sms=sent${field("resend") ? "&resent=1" : ""}`);
  // A double tap finds the cooldown running: the code step, where the code already sent works.
  if (result.error === "sms_resend_too_soon") redirect(`${back}&sms=sent&error=${result.error}`);
  // "Send a new code" that failed keeps the user on the code step.
  redirect(`${back}${field("resend") && result.error !== "unavailable" ? "&sms=sent" : ""}&error=${result.error}`);
});
