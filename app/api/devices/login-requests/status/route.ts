// POST /api/devices/login-requests/status — the waiting page polls here (state is in the database,
// so any instance answers). The secret proves it is the page that asked.
import { loginRequestForSecret, statusOf } from "@/lib/devices/login-requests";
import { loginRequestPollSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: loginRequestPollSchema }, async ({ body }) => {
  const request = await loginRequestForSecret(body.id, body.secret);
  return { status: statusOf(request), expires_at: request.expiresAt.toISOString() };
});
