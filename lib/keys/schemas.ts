// The published key set (RFC 7517 §5): public ES256 keys only, as GET /.well-known/jwks.json answers.
import { z } from "zod";

export const publicJwkSchema = z
  .object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string(),
    y: z.string(),
    kid: z.string(),
    alg: z.literal("ES256"),
    use: z.literal("sig"),
  })
  .meta({ id: "Jwk" });

export const jwksSchema = z
  .object({ keys: z.array(publicJwkSchema).meta({ description: "The active signing key and keys retired in the last 7 days" }) })
  .meta({ id: "JwkSet" });
