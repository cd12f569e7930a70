// How callers authenticate, as OpenAPI security schemes: partner Basic or client_credentials
// Bearer on partner APIs, a user's Bearer token (from the hosted sign-in, the oauth2 flow) on user APIs.
import { SCOPE_DESCRIPTIONS, SUPPORTED_SCOPES } from "@/lib/authorize/scopes";
import type { JsonSchema } from "./json-schema";
import type { ApiOperation, ApiSecurity } from "./types";

export function securitySchemes(issuer: string): JsonSchema {
  return {
    partnerBasic: {
      type: "http",
      scheme: "basic",
      description: "Partner server calls: `client_id:client_secret` (each form-urlencoded first, RFC 6749 §2.3.1).",
    },
    partnerBearer: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "A partner access token from the `client_credentials` grant of `POST /v1/oauth/token`.",
    },
    userBearer: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "A user's access token from the `authorization_code` or `refresh_token` grant.",
    },
    oauth2: {
      type: "oauth2",
      description: "The hosted sign-in (authorization code with PKCE, S256) that yields a user's access token.",
      flows: {
        authorizationCode: {
          authorizationUrl: `${issuer}/login/oauth/authorize`,
          tokenUrl: `${issuer}/v1/oauth/token`,
          refreshUrl: `${issuer}/v1/oauth/token`,
          // The consent screen's own wording for each scope.
          scopes: Object.fromEntries(SUPPORTED_SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]])),
        },
      },
    },
  };
}

export function securityRequirements(operation: ApiOperation): JsonSchema[] {
  return operation.security.flatMap((kind: ApiSecurity): JsonSchema[] => {
    if (kind === "none") return [{}];
    if (kind === "userBearer") return [{ userBearer: [] }, { oauth2: operation.scopes ?? [] }];
    return [{ [kind]: [] }];
  });
}
