// Whether a user may still receive tokens: rejected and suspended accounts may not (their
// partner learns the status from /v1/user or webhooks); every other status may.
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { InvalidGrant } from "@/lib/errors/oauth";

const BLOCKED: ReadonlySet<UserStatus> = new Set<UserStatus>(["rejected", "suspended"]);

export async function userForTokens(userId: string): Promise<{ id: string; phone: string }> {
  return mayGetTokens(await db().user.findUnique({ where: { id: userId }, select: { id: true, phone: true, status: true } }));
}

/** The user, if it exists and may receive tokens; else invalid_grant. */
export function mayGetTokens(user: { id: string; phone: string; status: string } | null): { id: string; phone: string } {
  if (!user || BLOCKED.has(user.status as UserStatus)) throw new InvalidGrant("The user's account may not be used with this application");
  return { id: user.id, phone: user.phone };
}
