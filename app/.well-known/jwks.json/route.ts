// GET /.well-known/jwks.json — RFC 7517 key set: the active signing key and recently retired ones.
import { publishedJwks } from "@/lib/keys/signing-keys";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => jsonReply(await publishedJwks(), { cache: "public, max-age=300" }));
