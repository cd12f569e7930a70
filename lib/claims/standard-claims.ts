// The OpenID Connect claims (Core §5.1) of a user, before scopes and consent decide which are released.
import type { UserData } from "./user-data";

export function standardClaims(user: UserData): Record<string, unknown> {
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return {
    sub: user.id,
    // Every user signed in with this number (SMS code) before it was stored.
    phone_number: user.phone,
    phone_number_verified: true,
    // The partner supplied it (UserIntent); Trustgate has not verified it.
    ...(user.email ? { email: user.email, email_verified: false } : {}),
    ...(user.firstName ? { given_name: user.firstName } : {}),
    ...(user.lastName ? { family_name: user.lastName } : {}),
    ...(name ? { name } : {}),
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    ...(user.address ? { address: user.address } : {}),
  };
}
