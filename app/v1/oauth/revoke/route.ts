// POST /v1/oauth/revoke — RFC 7009 token revocation (lib/http/endpoints/revoke.ts).
import { revokeEndpoint } from "@/lib/http/endpoints/revoke";

export const dynamic = "force-dynamic";

export const POST = revokeEndpoint;
