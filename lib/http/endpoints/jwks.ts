// GET /.well-known/jwks.json — RFC 7517 key set: the active signing keys and recently retired ones.
// Used by the Next.js route file and the lean dispatch path (lib/server/lean-routes.ts). CORS open
// to every origin: public metadata (lib/http/cors.ts).
import { corsPreflight, withCors } from "@/lib/http/cors";
import { preparedReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { publishedJwksDocument } from "@/lib/keys/signing-keys";

const CACHE_CONTROL = "public, max-age=300";

/** If-None-Match (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

// The document is serialised once per key set (lib/keys/signing-keys.ts) and sent as those bytes;
// a cache that presents its ETag gets a 304 without them.
export const jwksEndpoint = withCors(
  "public-metadata",
  route(async ({ header }) => {
    const { body, etag } = await publishedJwksDocument();
    if (matchesEtag(header("if-none-match"), etag)) return preparedReply(304, { ETag: etag, "Cache-Control": CACHE_CONTROL }, "");
    return preparedReply(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": CACHE_CONTROL, ETag: etag }, body);
  }),
);
export const jwksPreflight = corsPreflight("public-metadata", ["GET"]);
