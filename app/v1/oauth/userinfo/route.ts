// GET|POST /v1/oauth/userinfo — OpenID Connect Core §5.3 (Bearer user access token with `openid`).
import { withUserToken } from "@/lib/http/route";
import { userInfoClaims } from "@/lib/oauth/userinfo";

export const dynamic = "force-dynamic";

const userinfo = withUserToken(async ({ token }) => userInfoClaims(token));

export const GET = userinfo;
export const POST = userinfo;
