// GET /.well-known/jwks.json — RFC 7517 key set: the active signing key and recently retired ones.
// Used by the Next.js route file and the lean dispatch path (lib/server/lean-routes.ts).
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { publishedJwks } from "@/lib/keys/signing-keys";

export const jwksEndpoint = route(async () => jsonReply(await publishedJwks(), { cache: "public, max-age=300" }));
