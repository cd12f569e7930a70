// GET /v1/user — the signed-in User (Astra), for a Bearer access token issued to that user: the
// fields its scopes release and the user consented to for this client.
import { withUserToken } from "@/lib/http/route";
import { getUser } from "@/lib/users/get-user";

export const dynamic = "force-dynamic";

export const GET = withUserToken(async ({ token }) => getUser(token.sub, token.client_id, token.scope));
