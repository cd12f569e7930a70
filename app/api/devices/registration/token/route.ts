// POST /api/devices/registration/token — tracks `addAuthenticator` for the signed-in user: a 5-minute,
// single-use token that authorizes registering this device (never minted without a session).
import { assertSameOrigin } from "@/lib/http/same-origin";
import { requireSessionUser } from "@/lib/devices/http";
import { mintAddAuthenticatorTokenForSession } from "@/lib/devices/registration-token";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => {
  assertSameOrigin(req);
  const user = await requireSessionUser("enrol_passkey");
  const minted = await mintAddAuthenticatorTokenForSession(user.id, { ip, requestId });
  return { token: minted.token, expires_at: minted.expiresAt.toISOString() };
});
