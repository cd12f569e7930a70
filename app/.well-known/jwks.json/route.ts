// GET /.well-known/jwks.json — RFC 7517 key set: the active signing keys and recently retired ones.
// CORS open to every origin: public metadata (lib/http/cors.ts).
import { publishedJwks } from "@/lib/keys/signing-keys";
import { corsPreflight, withCors } from "@/lib/http/cors";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withCors("public-metadata", route(async () => jsonReply(await publishedJwks(), { cache: "public, max-age=300" })));
export const OPTIONS = corsPreflight("public-metadata", ["GET"]);
