// GET /.well-known/jwks.json — RFC 7517 key set (lib/http/endpoints/jwks.ts; CORS open: public metadata).
import { jwksEndpoint, jwksPreflight } from "@/lib/http/endpoints/jwks";

export const dynamic = "force-dynamic";

export const GET = jwksEndpoint;
export const OPTIONS = jwksPreflight;
