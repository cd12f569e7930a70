// POST /v1/oauth/token — RFC 6749 §3.2 (lib/http/endpoints/token.ts; responses are never cached).
import { tokenEndpoint } from "@/lib/http/endpoints/token";

export const dynamic = "force-dynamic";

export const POST = tokenEndpoint;
