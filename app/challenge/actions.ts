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
  redirect(result.ok ? `${back}&sms=sent` : `${back}&error=${result.error}`);
});
