// The published key set (RFC 7517 §5): public ES256 and RS256 keys only, as GET /.well-known/jwks.json answers.
import { z } from "zod";

const ecJwk = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal("ES256"),
  use: z.literal("sig"),
});

const rsaJwk = z.object({
  kty: z.literal("RSA"),
  n: z.string(),
  e: z.string(),
  kid: z.string(),
  alg: z.literal("RS256"),
  use: z.literal("sig"),
});

export const publicJwkSchema = z.discriminatedUnion("kty", [ecJwk, rsaJwk]).meta({ id: "Jwk" });

export const jwksSchema = z.object({ keys: z.array(publicJwkSchema).meta({ description: "The active ES256 and RS256 keys, then keys retired in the last 7 days" }) }).meta({ id: "JwkSet" });
