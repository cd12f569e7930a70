import { getServerSession } from "next-auth/next";
import { authOptions, type SessionUser } from "./auth-options";

/** The signed-in end user of this request (server components, route handlers, server actions). */
export async function currentSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { user?: Partial<SessionUser> } | null;
  const user = session?.user;
  if (!user?.id || !user.phone || !user.authMethod || !user.authTime) return null;
  return user as SessionUser;
}
