"use server";
// Server actions of the device pages (Next.js rejects cross-origin action posts: CSRF protection).
// Each is a userAction: it re-reads the session and acts only on the signed-in user's own devices.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { DEVICE_OFFER_COOKIE } from "@/lib/devices/device-offer";
import { renameDevice, revokeDevice } from "@/lib/devices/manage-devices";
import { publicUrl } from "@/lib/config/settings";
import { attempt, publicAction, userAction } from "@/lib/http/action";
import { sessionCookieName } from "@/lib/sessions/cookie";
import { sessionToken } from "@/lib/sessions/current-session";
import { signOut } from "@/lib/sign-in/sign-out";

export const renameDeviceAction = userAction(
  "/account/devices",
  async ({ field, user, ip }) => {
    const renamed = await attempt(() => renameDevice({ userId: user.id, deviceId: field("deviceId"), name: field("name"), ip }));
    redirect(`/account/devices?result=${renamed.ok ? "renamed" : renamed.code}`);
  },
  { may: "manage_devices" },
);

export const revokeDeviceAction = userAction(
  "/account/devices",
  async ({ field, user, ip }) => {
    const revoked = await attempt(() => revokeDevice({ userId: user.id, deviceId: field("deviceId"), ip }));
    redirect(`/account/devices?result=${revoked.ok ? "revoked" : revoked.code}`);
  },
  { may: "manage_devices" },
);

/** "Not now" on the offer after sign-in: remembered in this browser, never asked again. */
export const declineDeviceOfferAction = publicAction(async ({ field }) => {
  (await cookies()).set(DEVICE_OFFER_COOKIE, "declined", {
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl().startsWith("https://"),
    path: "/",
    maxAge: 365 * 24 * 3600,
  });
  const back = field("back");
  redirect(back.startsWith("/login/") ? back : "/account/devices");
});

/** "Sign out" on /account/*: the session row ends (a copied cookie is dead too), then the cookie. */
export const accountSignOutAction = publicAction(async ({ ip }) => {
  await signOut(await sessionToken(), { ip });
  (await cookies()).delete(sessionCookieName());
  redirect("/account/devices?result=signed_out");
});
