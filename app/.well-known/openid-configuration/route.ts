// GET /.well-known/openid-configuration — OpenID Connect Discovery 1.0 (lib/http/endpoints/discovery.ts).
import { discoveryEndpoint } from "@/lib/http/endpoints/discovery";

export const dynamic = "force-dynamic";

export const GET = discoveryEndpoint;
