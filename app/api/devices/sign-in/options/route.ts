// POST /api/devices/sign-in/options — a discoverable-credential challenge bound to the hosted
// authorize request `rid` ("Sign in with this device" and passkey autofill).
import { z } from "zod";
import { passkeySignInOptions } from "@/lib/devices/device-sign-in";
import { limitCeremonies } from "@/lib/devices/http";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ rid: z.string().min(16).max(64) });

export const POST = route({ sameOrigin: true, body: bodySchema }, async ({ ip, body }) => {
  await limitCeremonies(ip);
  return (await passkeySignInOptions(body.rid)) as unknown as Record<string, unknown>;
});
