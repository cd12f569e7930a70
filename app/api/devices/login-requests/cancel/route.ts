// POST /api/devices/login-requests/cancel — Cancel on the waiting page: the request (held by its
// secret) is withdrawn and disappears from the trusted device.
import { cancelLoginRequest } from "@/lib/devices/login-requests";
import { loginRequestPollSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: loginRequestPollSchema }, async ({ body, ip, requestId }) => cancelLoginRequest({ id: body.id, secret: body.secret, ip, requestId }));
