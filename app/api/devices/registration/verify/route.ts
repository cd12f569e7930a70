// POST /api/devices/registration/verify — stores the new passkey (token and challenge spent first).
import { deviceOfferCookie } from "@/lib/devices/device-offer";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { requireSessionUser } from "@/lib/devices/http";
import { verifyRegistration } from "@/lib/devices/register-device";
import { registrationVerifyRequestSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => {
  assertSameOrigin(req);
  const user = await requireSessionUser("enrol_passkey");
  const body = await parseJsonBody(req, registrationVerifyRequestSchema);
  const device = await verifyRegistration({ token: body.token, sessionUserId: user.id, response: body.response, name: body.name, userAgent: req.headers.get("user-agent"), ip, requestId });
  // This browser is trusted now: the sign-in offer is not shown again.
  return json({ id: device.id, name: device.name }, { status: 201, headers: { "Set-Cookie": deviceOfferCookie("added") } });
});

