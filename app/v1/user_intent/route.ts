// POST /v1/user_intent — create a UserIntent (Astra); GET /v1/user_intent — the partner's intents,
// newest first, paged with ?limit= and ?cursor= (optionally ?email=). Partner HTTP Basic.
import { createUserIntent } from "@/lib/intents/create-intent";
import { listUserIntents } from "@/lib/intents/list-intents";
import { createUserIntentInput, listUserIntentsQuery } from "@/lib/intents/schemas";
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ req, partner, ip, requestId }) => {
  const input = await parseJsonBody(req, createUserIntentInput);
  const intent = await createUserIntent(partner.client.id, input, { type: "client", id: partner.client.id }, { ip, requestId });
  return json(intent, { status: 201, headers: { Location: `/v1/user_intent/${intent.id}` } });
});

export const GET = withPartner(async ({ req, partner }) => listUserIntents(partner.client.id, listUserIntentsQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
