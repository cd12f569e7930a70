// POST /api/devices/requests — the pending sign-in requests of the user, identified by an assertion
// of this device's passkey or, without one, by the session. Never the number: the user types it
// from the waiting device (typed number matching), so the trusted device is not told it. From the
// web SDK's window (client_id + origin), only that partner's requests: the window reports to it.
import { z } from "zod";
import { pendingLoginRequests } from "@/lib/devices/login-requests";
import { authenticationResponseSchema, sdkScopeFields } from "@/lib/devices/schemas";
import { sdkRequestScope } from "@/lib/devices/sdk-window";
import { verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { ProductError } from "@/lib/errors/product";
import { route } from "@/lib/http/route";
import { may } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ response: authenticationResponseSchema.optional(), ...sdkScopeFields });

// The session is looked up only without an assertion (a device checking without a session has none).
export const POST = route({ sameOrigin: true, body: bodySchema }, async ({ body, ip, requestId }) => {
  const clientId = await sdkRequestScope(body);
  let userId: string;
  if (body.response) {
    userId = (await verifyDeviceAssertion({ response: body.response, purpose: "check_requests", subjectId: null, ip, requestId })).userId;
  } else {
    const session = await currentSessionUser();
    if (!session) throw new ProductError("session_required");
    if (!may(session, "approve_device")) throw new ProductError("session_not_allowed");
    userId = session.id;
  }
  const requests = await pendingLoginRequests(userId, clientId);
  return {
    requests: requests.map((r) => ({ id: r.id, client_name: r.clientName, ip: r.ip, device: r.device, location: r.location, created_at: r.createdAt.toISOString(), expires_at: r.expiresAt.toISOString() })),
  };
});
