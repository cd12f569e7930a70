// GET|POST /v1/oauth/userinfo — OpenID Connect Core §5.3 (Bearer user access token with `openid`).
// CORS for public clients' origins.
import { corsPreflight, withCors } from "@/lib/http/cors";
import { withUserToken } from "@/lib/http/route";
import { userInfoClaims } from "@/lib/oauth/userinfo";

export const dynamic = "force-dynamic";

const userinfo = withCors(
  "public-clients",
  withUserToken(async ({ token }) => userInfoClaims(token), { acceptFormBody: true }),
);

export const GET = userinfo;
export const POST = userinfo;
export const OPTIONS = corsPreflight("public-clients", ["GET", "POST"]);
