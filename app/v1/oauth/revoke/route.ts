// POST /v1/oauth/revoke — RFC 7009 token revocation (lib/http/endpoints/revoke.ts; CORS for public clients).
import { revokeEndpoint, revokePreflight } from "@/lib/http/endpoints/revoke";

export const dynamic = "force-dynamic";

export const POST = revokeEndpoint;
export const OPTIONS = revokePreflight;
