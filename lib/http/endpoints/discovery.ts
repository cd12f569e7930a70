// GET /.well-known/openid-configuration — OpenID Connect Discovery 1.0. Used by the Next.js route
// file and the lean dispatch path (lib/server/lean-routes.ts).
import { publicUrl } from "@/lib/config/settings";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { discoveryDocument } from "@/lib/oauth/discovery";

export const discoveryEndpoint = route(async () => jsonReply(discoveryDocument(publicUrl()), { cache: "public, max-age=300" }));
