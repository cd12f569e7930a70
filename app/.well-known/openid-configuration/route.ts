// GET /.well-known/openid-configuration — OpenID Connect Discovery 1.0 (the same document as
// /.well-known/oauth-authorization-server, RFC 8414). CORS open to every origin: public metadata.
import { providerMetadataRoute } from "@/lib/oauth/discovery-route";
import { corsPreflight } from "@/lib/http/cors";

export const dynamic = "force-dynamic";

export const GET = providerMetadataRoute;
export const OPTIONS = corsPreflight("public-metadata", ["GET"]);
