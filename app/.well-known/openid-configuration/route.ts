// GET /.well-known/openid-configuration — OpenID Connect Discovery 1.0.
import { publicUrl } from "@/lib/config/settings";
import { discoveryDocument } from "@/lib/oauth/discovery";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => jsonReply(discoveryDocument(publicUrl()), { cache: "public, max-age=300" }));
