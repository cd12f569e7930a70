// GET /.well-known/jwks.json — RFC 7517 key set: the active signing keys and recently retired ones.
// Used by the Next.js route file and the lean dispatch path (lib/server/lean-routes.ts). CORS open
// to every origin: public metadata (lib/http/cors.ts).
import { corsPreflight, withCors } from "@/lib/http/cors";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { publishedJwks } from "@/lib/keys/signing-keys";

export const jwksEndpoint = withCors(
  "public-metadata",
  route(async () => jsonReply(await publishedJwks(), { cache: "public, max-age=300" })),
);
export const jwksPreflight = corsPreflight("public-metadata", ["GET"]);
