// GET /.well-known/oauth-authorization-server — RFC 8414 §3: the same document as openid-configuration.
import { providerMetadataRoute } from "@/lib/oauth/discovery-route";
import { corsPreflight } from "@/lib/http/cors";

export const dynamic = "force-dynamic";

export const GET = providerMetadataRoute;
export const OPTIONS = corsPreflight("public-metadata", ["GET"]);
