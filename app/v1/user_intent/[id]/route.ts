// GET /v1/user_intent/{id} — one of the partner's intents, with `status` and, once converted,
// `user_id`. Another partner's intent answers 404. Partner HTTP Basic.
import { getUserIntent } from "@/lib/intents/get-intent";
import { userIntentPathParams } from "@/lib/intents/schemas";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withPartner<{ id: string }>(async ({ partner, params }) => getUserIntent(partner.client.id, userIntentPathParams.parse(params).id));
