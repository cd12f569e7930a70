// POST /api/actions/untracked/options — a discoverable WebAuthn challenge for verifying without a
// tracked action (Authsignal device.verify()), bound to the partner's client and the action being verified; same origin only.
import { untrackedVerificationOptions } from "@/lib/risk-actions/untracked-verification";
import { untrackedOptionsRequestSchema } from "@/lib/risk-actions/schemas";
import { limitCeremonies } from "@/lib/devices/http";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true, body: untrackedOptionsRequestSchema }, async ({ ip, body }) => {
  await limitCeremonies(ip);
  return (await untrackedVerificationOptions({ clientId: body.client_id, action: body.action })) as unknown as Record<string, unknown>;
});
