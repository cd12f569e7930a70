// POST /api/devices/login-requests/status — the waiting page polls here (state is in the database,
// so any instance answers). The secret proves it is the page that asked; each poll is also the
// page's heartbeat (a closed tab stops beating and its request expires).
import { beatLoginRequest } from "@/lib/devices/login-requests";
import { loginRequestPollSchema } from "@/lib/devices/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: loginRequestPollSchema }, async ({ body }) => {
  const request = await beatLoginRequest(body.id, body.secret);
  return { status: request.current, expires_at: request.expiresAt.toISOString() };
});
