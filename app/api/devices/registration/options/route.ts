// POST /api/devices/registration/options — WebAuthn creation options for the addAuthenticator token.
import { registrationOptions } from "@/lib/devices/register-device";
import { registrationOptionsRequestSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, auth: "session", may: "enrol_passkey", body: registrationOptionsRequestSchema }, async ({ user, body }) => {
  return (await registrationOptions({ token: body.token, sessionUserId: user.id })) as unknown as Record<string, unknown>;
});
