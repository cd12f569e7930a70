// POST /api/devices/sdk/login-requests — signInWithDevice in the web SDK's window (Trustgate origin):
// a pending request for the partner whose registered origin opened the window, its waiting-page
// fields (number, QR, link) and a challenge this browser's own passkey may answer to approve at once.
import { z } from "zod";
import { limitCeremonies } from "@/lib/devices/http";
import { startSdkSignIn } from "@/lib/devices/sdk-window";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ client_id: z.string().min(1).max(200), origin: z.string().min(1).max(2000), identifier: z.string().min(1).max(254) });

export const POST = route({ sameOrigin: true, body: bodySchema }, async ({ req, body, ip, requestId }) => {
  await limitCeremonies(ip);
  return json(await startSdkSignIn({ clientId: body.client_id, origin: body.origin, identifier: body.identifier, ip, userAgent: req.headers.get("user-agent"), requestId }), { status: 201 });
});
