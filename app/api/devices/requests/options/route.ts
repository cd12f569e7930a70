// POST /api/devices/requests/options — a discoverable challenge for "Check for sign-in requests"
// on a trusted device that has no session: its passkey says whose requests to show.
import { limitCeremonies } from "@/lib/devices/http";
import { assertionOptions } from "@/lib/devices/verify-assertion";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ sameOrigin: true }, async ({ ip }) => {
  await limitCeremonies(ip);
  return (await assertionOptions({ purpose: "check_requests", userId: null, subjectId: null })) as unknown as Record<string, unknown>;
});
