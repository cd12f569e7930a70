// POST /api/devices/requests — the pending sign-in requests of the user, identified by an assertion
// of this device's passkey or, without one, by the session.
import { z } from "zod";
import { pendingLoginRequests } from "@/lib/devices/login-requests";
import { authenticationResponseSchema } from "@/lib/devices/schemas";
import { verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";
import { may } from "@/lib/sessions/capabilities";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ response: authenticationResponseSchema.optional() });

export const POST = route({ sameOrigin: true, auth: "optional-session", body: bodySchema }, async ({ body, user, ip, requestId }) => {
  let userId: string;
  if (body.response) {
    userId = (await verifyDeviceAssertion({ response: body.response, purpose: "check_requests", subjectId: null, ip, requestId })).userId;
  } else {
    if (!user) throw new ProductError("session_required");
    if (!may(user, "approve_device")) throw new ProductError("session_not_allowed");
    userId = user.id;
  }
  const requests = await pendingLoginRequests(userId);
  return {
    requests: requests.map((r) => ({ id: r.id, code: r.code, client_name: r.clientName, ip: r.ip, device: r.device, location: r.location, created_at: r.createdAt.toISOString(), expires_at: r.expiresAt.toISOString() })),
  };
});
