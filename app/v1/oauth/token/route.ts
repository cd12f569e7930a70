// POST /v1/oauth/token — RFC 6749 §3.2 (lib/http/endpoints/token.ts; responses are never cached; CORS for public clients).
import { tokenEndpoint, tokenPreflight } from "@/lib/http/endpoints/token";

export const dynamic = "force-dynamic";

export const POST = tokenEndpoint;
export const OPTIONS = tokenPreflight;
