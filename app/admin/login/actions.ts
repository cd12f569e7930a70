"use server";
// Step 1 of the admin sign-in: email and password → a one-time ticket cookie for the TOTP step.
// Cross-origin posts are refused by Next.js's Origin check on server actions.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ADMIN_COOKIE_PATH } from "@/lib/admin/auth-options";
import { ADMIN_TICKET_COOKIE } from "@/lib/admin/login-ticket";
import { AdminSignInError, verifyAdminPassword } from "@/lib/admin/sign-in";
import { ADMIN_LOGIN_TICKET_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { publicAction } from "@/lib/http/action";

export const adminPasswordAction = publicAction(async ({ field, ip }) => {
  let step: Awaited<ReturnType<typeof verifyAdminPassword>>;
  try {
    step = await verifyAdminPassword({ email: field("email"), password: field("password"), ip });
  } catch (error) {
    if (error instanceof AdminSignInError) redirect(`/admin/login?error=${error.code}`);
    throw error;
  }
  (await cookies()).set(ADMIN_TICKET_COOKIE, step.ticket, {
    httpOnly: true,
    sameSite: "strict",
    secure: publicUrl().startsWith("https://"),
    path: ADMIN_COOKIE_PATH,
    maxAge: ADMIN_LOGIN_TICKET_TTL_S,
  });
  redirect("/admin/login/totp");
});
