// POST /v1/login_requests — Cotter-style signInWithDevice for a partner's backend (Basic or a
// client_credentials Bearer): asks the user's trusted device to approve a sign-in.
import { createApiLoginRequest } from "@/lib/devices/api-login-requests";
import { apiLoginRequestCreateSchema } from "@/lib/devices/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, ip, requestId, partner }) => {
  const body = await parseJsonBody(req, apiLoginRequestCreateSchema);
  const created = await createApiLoginRequest({
    client: partner.client,
    identifier: body.identifier,
    scope: body.scope,
    ip: body.ip_address ?? ip,
    userAgent: body.user_agent ?? null,
    requestId,
  });
  return json({ id: created.id, secret: created.secret, code: created.code, expires_at: created.expiresAt.toISOString(), status: "pending" }, { status: 201 });
});
