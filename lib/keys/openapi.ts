// GET /.well-known/jwks.json for the OpenAPI document.
import type { ApiOperation } from "@/lib/openapi/types";
import { jwksSchema } from "./schemas";

export const keysOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/.well-known/jwks.json",
    operationId: "jwks",
    summary: "Signing keys (RFC 7517)",
    description: "Verify access tokens (ES256) and id_tokens (RS256 or ES256, per client) with the key whose `kid` the token header names. Cacheable for 5 minutes; CORS open to every origin (public metadata).",
    tags: ["Discovery"],
    security: ["none"],
    responses: {
      200: {
        description: "The key set",
        schema: jwksSchema,
        example: { keys: [{ kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", kid: "7q4g7slftgke", alg: "ES256", use: "sig" }] },
      },
    },
  },
];
