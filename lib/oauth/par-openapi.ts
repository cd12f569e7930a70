// POST /v1/oauth/par for the OpenAPI document (RFC 9126 §2).
import { z } from "zod";
import { authorizeQuerySchema } from "@/lib/authorize/schemas";
import { InvalidClient, InvalidRequest } from "@/lib/errors/oauth";
import type { ApiOperation } from "@/lib/openapi/types";

export const parRequestSchema = authorizeQuerySchema
  .extend({
    client_id: z.string().max(200).optional().meta({ description: "Required unless the client authenticates with HTTP Basic" }),
    client_secret: z.string().optional().meta({ description: "client_secret_post only" }),
    client_assertion_type: z.literal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer").optional(),
    client_assertion: z.string().optional().meta({ description: "private_key_jwt (RFC 7523): aud = the issuer" }),
    dpop_jkt: z.string().optional().meta({ description: "RFC 9449 §10: bind the code to this DPoP key (or send a DPoP header)" }),
  })
  .meta({ id: "PushedAuthorizationRequest" });

export const parResponseSchema = z
  .object({
    request_uri: z.string().meta({ description: "urn:ietf:params:oauth:request_uri:…; send it to the authorize endpoint with client_id, once" }),
    expires_in: z.number().int().meta({ description: "Seconds (60)" }),
  })
  .meta({ id: "PushedAuthorizationResponse" });

export const parOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/oauth/par",
    operationId: "pushAuthorizationRequest",
    summary: "Pushed authorization request (RFC 9126)",
    description:
      "Push the authorize parameters over an authenticated channel (as at the token endpoint: Basic, client_secret_post, private_key_jwt, or client_id with PKCE for public clients), " +
      "then send the user to `/login/oauth/authorize?client_id=…&request_uri=…`. The request_uri is single use and lives 60 s. A DPoP header binds the code to its key. " +
      "Required for clients with `require_pushed_authorization_requests` or the FAPI 2.0 profile.",
    tags: ["OAuth"],
    security: ["partnerBasic", "none"],
    requestBody: {
      schema: parRequestSchema,
      contentType: "application/x-www-form-urlencoded",
      example: { response_type: "code", redirect_uri: "https://partner.example/callback", scope: "openid phone", state: "af0ifjsldkj", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" },
    },
    responses: {
      201: { description: "The request_uri", schema: parResponseSchema, example: { request_uri: "urn:ietf:params:oauth:request_uri:bwc4JK-ESC0w8acc191e-Y1LTC2", expires_in: 60 } },
      400: { description: "`invalid_request`, `invalid_scope`, `unsupported_response_type`, `request_not_supported`, `invalid_dpop_proof`", example: new InvalidRequest("redirect_uri is required").toJSON() },
      401: { description: "`invalid_client`", example: new InvalidClient().toJSON() },
    },
  },
];
