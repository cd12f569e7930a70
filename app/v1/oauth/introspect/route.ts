// POST /v1/oauth/introspect — RFC 7662 token introspection (lib/http/endpoints/introspect.ts).
import { introspectEndpoint } from "@/lib/http/endpoints/introspect";

export const dynamic = "force-dynamic";

export const POST = introspectEndpoint;
