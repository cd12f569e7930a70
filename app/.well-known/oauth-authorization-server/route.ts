// GET /.well-known/oauth-authorization-server — RFC 8414 §3: the same document as openid-configuration
// (lib/http/endpoints/discovery.ts).
import { discoveryEndpoint, discoveryPreflight } from "@/lib/http/endpoints/discovery";

export const dynamic = "force-dynamic";

export const GET = discoveryEndpoint;
export const OPTIONS = discoveryPreflight;
