import { getServerSession } from "next-auth/next";
import { isDeviceLive } from "@/lib/devices/manage-devices";
import { authOptions, type SessionUser } from "./auth-options";

/** The signed-in end user of this request (server components, route handlers, server actions). */
export async function currentSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { user?: Partial<SessionUser> } | null;
  const user = session?.user;
  if (!user?.id || !user.phone || !user.authMethod || !user.authTime) return null;
  // A session a trusted device signed in ends when that device is revoked or flagged.
  if (user.deviceId && !(await isDeviceLive(user.deviceId))) return null;
  return user as SessionUser;
}
