// GET /.well-known/jwks.json — RFC 7517 key set (lib/http/endpoints/jwks.ts).
import { jwksEndpoint } from "@/lib/http/endpoints/jwks";

export const dynamic = "force-dynamic";

export const GET = jwksEndpoint;
