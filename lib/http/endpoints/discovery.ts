// GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0) and
// /.well-known/oauth-authorization-server (RFC 8414 §3): one document, one handler, used by both
// Next.js route files and the lean dispatch path (lib/server/lean-routes.ts). CORS open to every
// origin: public metadata (lib/http/cors.ts).
import { publicUrl } from "@/lib/config/settings";
import { corsPreflight, withCors } from "@/lib/http/cors";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { discoveryDocument } from "@/lib/oauth/discovery";

export const discoveryEndpoint = withCors(
  "public-metadata",
  route(async () => jsonReply(discoveryDocument(publicUrl()), { cache: "public, max-age=300" })),
);
export const discoveryPreflight = corsPreflight("public-metadata", ["GET"]);
