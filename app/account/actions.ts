"use server";
// Server actions of the device pages (Next.js rejects cross-origin action posts: CSRF protection).
// Each re-reads the session and acts only on the signed-in user's own devices.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { DEVICE_OFFER_COOKIE } from "@/lib/devices/device-offer";
import { renameDevice, revokeDevice } from "@/lib/devices/manage-devices";
import { publicUrl } from "@/lib/config/settings";
import { ProductError } from "@/lib/errors/product";
import { CLIENT_IP_HEADER } from "@/lib/http/request-context";
import { may } from "@/lib/sessions/capabilities";
import { sessionCookieName } from "@/lib/sessions/cookie";
import { currentSessionUser, sessionToken } from "@/lib/sessions/current-session";
import { signOut } from "@/lib/sign-in/sign-out";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

async function signedIn() {
  const user = await currentSessionUser();
  if (!user || !may(user, "manage_devices")) redirect("/account/devices");
  return { user, ip: (await headers()).get(CLIENT_IP_HEADER) ?? "unknown" };
}

export async function renameDeviceAction(form: FormData): Promise<void> {
  const { user, ip } = await signedIn();
  let outcome = "renamed";
  try {
    await renameDevice({ userId: user.id, deviceId: field(form, "deviceId"), name: field(form, "name"), ip });
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = error.code;
  }
  redirect(`/account/devices?result=${outcome}`);
}

export async function revokeDeviceAction(form: FormData): Promise<void> {
  const { user, ip } = await signedIn();
  let outcome = "revoked";
  try {
    await revokeDevice({ userId: user.id, deviceId: field(form, "deviceId"), ip });
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = error.code;
  }
  redirect(`/account/devices?result=${outcome}`);
}

/** "Not now" on the offer after sign-in: remembered in this browser, never asked again. */
export async function declineDeviceOfferAction(form: FormData): Promise<void> {
  (await cookies()).set(DEVICE_OFFER_COOKIE, "declined", {
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl().startsWith("https://"),
    path: "/",
    maxAge: 365 * 24 * 3600,
  });
  const back = field(form, "back");
  redirect(back.startsWith("/login/") ? back : "/account/devices");
}

/** "Sign out" on /account/*: the session row ends (a copied cookie is dead too), then the cookie. */
export async function accountSignOutAction(): Promise<void> {
  await signOut(await sessionToken(), { ip: (await headers()).get(CLIENT_IP_HEADER) });
  (await cookies()).delete(sessionCookieName());
  redirect("/account/devices?result=signed_out");
}
