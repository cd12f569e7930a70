// POST /api/devices/registration/options — WebAuthn creation options for the addAuthenticator token.
import { assertSameOrigin } from "@/lib/http/same-origin";
import { requireSessionUser } from "@/lib/devices/http";
import { registrationOptions } from "@/lib/devices/register-device";
import { registrationOptionsRequestSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req }) => {
  assertSameOrigin(req);
  const user = await requireSessionUser("enrol_passkey");
  const body = await parseJsonBody(req, registrationOptionsRequestSchema);
  return (await registrationOptions({ token: body.token, sessionUserId: user.id })) as unknown as Record<string, unknown>;
});
