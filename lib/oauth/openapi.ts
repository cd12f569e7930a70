// OAuth 2.0 / OpenID Connect operations for the OpenAPI document (the forms are parsed with these
// same schemas in lib/oauth/*-request.ts).
import { InsufficientScope, InvalidClient, InvalidGrant, InvalidToken } from "@/lib/errors/oauth";
import { validationErrorExample } from "@/lib/openapi/examples";
import type { ApiOperation } from "@/lib/openapi/types";
import { INVALID_CODE } from "./grants/authorization-code";
import { discoveryDocument, discoveryDocumentSchema } from "./discovery";
import { introspectionResponseSchema, tokenLookupRequest, tokenRequest, tokenResponseSchema, userInfoResponseSchema } from "./schemas";

const FORM = "application/x-www-form-urlencoded";
const EXAMPLE_ISSUER = "https://login.example.com";
const EXAMPLE_REDIRECT_URI = "https://partner.example/callback";
// Shapes, not real credentials.
const EXAMPLE_ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjdxNGc3c2xmdGdrZSIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl";
const EXAMPLE_REFRESH_TOKEN = "rt_Qm9vZ2llV29vZ2llQm9vZ2llV29vZ2llQm9vZ2ll";
const USER_UNAUTHORIZED = { description: "`invalid_token`: missing, expired or revoked access token", example: new InvalidToken().toJSON() };
const CLIENT_ERROR = { description: "`invalid_client`: client authentication failed", example: new InvalidClient().toJSON() };

export const oauthOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/oauth/token",
    operationId: "token",
    summary: "Token endpoint (RFC 6749 §3.2)",
    description:
      "Authenticate with HTTP Basic (`client_id:client_secret`) or `client_secret_post`; public clients send `client_id` and use PKCE. " +
      "Grants: `authorization_code`, `refresh_token` (rotated on every use; reusing a rotated token revokes the family), `client_credentials`. " +
      "Answers are never cached (`Cache-Control: no-store`).",
    tags: ["OAuth"],
    security: ["partnerBasic", "none"],
    requestBody: {
      schema: tokenRequest,
      contentType: FORM,
      examples: {
        authorization_code: {
          summary: "Exchange the code from the redirect",
          value: { grant_type: "authorization_code", code: "c0DeFr0mTheRedirect_9b4a1f0e2d3c5b6a7f8e9d0c", redirect_uri: EXAMPLE_REDIRECT_URI, code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" },
        },
        refresh_token: { summary: "Refresh (rotates the refresh token)", value: { grant_type: "refresh_token", refresh_token: EXAMPLE_REFRESH_TOKEN } },
        client_credentials: { summary: "A partner token for partner APIs", value: { grant_type: "client_credentials" } },
      },
    },
    responses: {
      200: {
        description: "Tokens",
        schema: tokenResponseSchema,
        example: { access_token: EXAMPLE_ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600, refresh_token: EXAMPLE_REFRESH_TOKEN, scope: "openid phone offline_access", id_token: EXAMPLE_ACCESS_TOKEN },
        headers: { "Cache-Control": { description: "no-store" } },
      },
      400: {
        description: "`invalid_request`, `invalid_grant` (wrong, expired or replayed code or refresh token), `unsupported_grant_type`, `invalid_scope`, `unauthorized_client`",
        example: new InvalidGrant(INVALID_CODE).toJSON(),
      },
      401: CLIENT_ERROR,
      429: { description: "Too many failed client authentications from this IP" },
    },
  },
  {
    method: "post",
    path: "/v1/oauth/revoke",
    operationId: "revokeToken",
    summary: "Revoke a token (RFC 7009)",
    description: "Revoking a refresh token also revokes the access tokens of its grant. 200 whether or not the token was known.",
    tags: ["OAuth"],
    security: ["partnerBasic", "none"],
    requestBody: { schema: tokenLookupRequest, contentType: FORM, example: { token: EXAMPLE_REFRESH_TOKEN, token_type_hint: "refresh_token" } },
    responses: { 200: { description: "Revoked, or nothing to revoke (empty body)" }, 400: { description: "`invalid_request`", example: validationErrorExample(tokenLookupRequest, {}) }, 401: CLIENT_ERROR },
  },
  {
    method: "post",
    path: "/v1/oauth/introspect",
    operationId: "introspectToken",
    summary: "Introspect a token (RFC 7662)",
    description: "Only the client a token was issued to sees it as active.",
    tags: ["OAuth"],
    security: ["partnerBasic"],
    requestBody: { schema: tokenLookupRequest, contentType: FORM, example: { token: EXAMPLE_ACCESS_TOKEN } },
    responses: {
      200: {
        description: "Token state",
        schema: introspectionResponseSchema,
        example: {
          active: true,
          scope: "openid phone",
          client_id: "cl_example",
          sub: "5f0c2d1e-8a7b-4c3d-9e2f-1a0b9c8d7e6f",
          exp: 1795000000,
          iat: 1794996400,
          iss: EXAMPLE_ISSUER,
          jti: "a1b2c3",
          token_type: "Bearer",
          auth_method: "sms_otp",
          auth_time: 1794996390,
        },
      },
      400: { description: "`invalid_request`", example: validationErrorExample(tokenLookupRequest, {}) },
      401: CLIENT_ERROR,
    },
  },
  ...(["get", "post"] as const).map((method): ApiOperation => ({
    method,
    path: "/v1/oauth/userinfo",
    operationId: method === "get" ? "userInfo" : "userInfoPost",
    summary: "UserInfo (OpenID Connect Core §5.3)",
    description: "The claims the token's scopes allow: `phone` → phone_number, `email` → email, `profile` → names. Needs a user token with `openid`.",
    tags: ["OAuth"],
    security: ["userBearer"],
    scopes: ["openid"],
    responses: {
      200: { description: "Claims", schema: userInfoResponseSchema, example: { sub: "5f0c2d1e-8a7b-4c3d-9e2f-1a0b9c8d7e6f", phone_number: "+14155550123", phone_number_verified: true } },
      401: USER_UNAUTHORIZED,
      403: { description: "`insufficient_scope`: no `openid` scope, or a client_credentials token", example: new InsufficientScope("The access token lacks the openid scope").toJSON() },
    },
  })),
  {
    method: "get",
    path: "/.well-known/openid-configuration",
    operationId: "openIdConfiguration",
    summary: "OpenID Provider metadata",
    description: "OpenID Connect Discovery 1.0. CORS open to every origin (public metadata).",
    tags: ["Discovery"],
    security: ["none"],
    responses: { 200: { description: "Metadata (cacheable for 5 minutes)", schema: discoveryDocumentSchema, example: discoveryDocument(EXAMPLE_ISSUER) } },
  },
  {
    method: "get",
    path: "/.well-known/oauth-authorization-server",
    operationId: "authorizationServerMetadata",
    summary: "OAuth 2.0 Authorization Server Metadata (RFC 8414)",
    description: "The same document as `/.well-known/openid-configuration`, at the path OAuth 2.0 tooling looks first. CORS open to every origin.",
    tags: ["Discovery"],
    security: ["none"],
    responses: { 200: { description: "Metadata (cacheable for 5 minutes)", schema: discoveryDocumentSchema, example: discoveryDocument(EXAMPLE_ISSUER) } },
  },
];
