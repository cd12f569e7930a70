// POST /api/devices/registration/token — tracks `addAuthenticator` for the signed-in user: a 5-minute,
// single-use token that authorizes registering this device (never minted without a session).
import { mintAddAuthenticatorTokenForSession } from "@/lib/devices/registration-token";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, auth: "session", may: "enrol_passkey" }, async ({ user, ip, requestId }) => {
  const minted = await mintAddAuthenticatorTokenForSession(user.id, { ip, requestId });
  return { token: minted.token, expires_at: minted.expiresAt.toISOString() };
});
