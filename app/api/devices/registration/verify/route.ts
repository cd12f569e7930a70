// POST /api/devices/registration/verify — stores the new passkey (token and challenge spent first).
import { deviceOfferCookie } from "@/lib/devices/device-offer";
import { verifyRegistration } from "@/lib/devices/register-device";
import { registrationVerifyRequestSchema } from "@/lib/devices/schemas";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, auth: "session", may: "enrol_passkey", body: registrationVerifyRequestSchema }, async ({ req, user, body, ip, requestId }) => {
  const device = await verifyRegistration({ token: body.token, sessionUserId: user.id, response: body.response, name: body.name, userAgent: req.headers.get("user-agent"), ip, requestId });
  // This browser is trusted now: the sign-in offer is not shown again.
  return json({ id: device.id, name: device.name }, { status: 201, headers: { "Set-Cookie": deviceOfferCookie("added") } });
});
