// POST /api/devices/login-requests — "Approve on my other device" on the hosted sign-in page: a
// pending request (5 min) the user's trusted device can approve; the secret stays with this page,
// which also gets the approval link and its QR code for the user's phone.
import { waitingPageFields } from "@/lib/devices/approval-link";
import { createHostedLoginRequest } from "@/lib/devices/device-sign-in";
import { hostedLoginRequestCreateSchema } from "@/lib/devices/schemas";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: hostedLoginRequestCreateSchema }, async ({ req, body, ip, requestId }) => {
  const created = await createHostedLoginRequest({ rid: body.rid, phone: body.phone, ip, userAgent: req.headers.get("user-agent"), requestId });
  return json(await waitingPageFields(created), { status: 201 });
});
