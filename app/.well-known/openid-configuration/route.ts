// GET /.well-known/openid-configuration — OpenID Connect Discovery 1.0 (lib/http/endpoints/discovery.ts;
// the same document as /.well-known/oauth-authorization-server, RFC 8414).
import { discoveryEndpoint, discoveryPreflight } from "@/lib/http/endpoints/discovery";

export const dynamic = "force-dynamic";

export const GET = discoveryEndpoint;
export const OPTIONS = discoveryPreflight;
