// POST /api/devices/sdk/login-requests/auto — the SDK window's own passkey approves its own request
// (the browser already is a trusted device of that user); the window proves the request with its secret.
import { autoApproveSdkSignIn } from "@/lib/devices/sdk-window";
import { authenticationResponseSchema, loginRequestPollSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = loginRequestPollSchema.extend({ response: authenticationResponseSchema });

export const POST = route({ sameOrigin: true, body: bodySchema }, async ({ body, ip, requestId }) => autoApproveSdkSignIn({ id: body.id, secret: body.secret, response: body.response, ip, requestId }));
