// GET|POST /login/oauth/authorize for the OpenAPI document: a browser redirect, not a JSON API.
import type { ApiOperation } from "@/lib/openapi/types";
import { authorizeQuerySchema } from "./schemas";

export const authorizeOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/login/oauth/authorize",
    operationId: "authorize",
    summary: "Hosted sign-in (RFC 6749 §4.1.1)",
    description:
      "Send the end user's browser here (Astra's Collect Authorization flow), e.g. " +
      "`/login/oauth/authorize?client_id=…&redirect_uri=…&response_type=code&user_intent_id=…&phone=4155550123&phone_read_only=true`. " +
      "The user signs in, completes what their status requires, authorizes, and comes back to `redirect_uri?code=…&state=…&iss=…`; " +
      "exchange the code at `POST /v1/oauth/token` within 60 s. An unknown client, an unregistered redirect_uri or a wrong user_intent_id / user_id " +
      "shows an error page and never redirects; other errors return `redirect_uri?error=…&error_description=…&state=…`.",
    tags: ["OAuth"],
    security: ["none"],
    params: { query: authorizeQuerySchema },
    responses: {
      302: {
        description: "To the hosted sign-in pages, then back to `redirect_uri` with `code`, `state` and `iss` (or `error`, e.g. `access_denied`)",
        headers: { Location: { description: "Where the browser goes next" } },
      },
      400: { description: "An error page (HTML) for the developer: unknown client, unregistered redirect_uri, unknown intent or user", contentType: "text/html" },
    },
  },
  {
    method: "post",
    path: "/login/oauth/authorize",
    operationId: "authorizeByPost",
    summary: "Hosted sign-in, parameters as a form post (OpenID Connect Core §3.1.2.1)",
    description: "The same request as `GET /login/oauth/authorize`, its parameters in an `application/x-www-form-urlencoded` body posted by the partner's page.",
    tags: ["OAuth"],
    security: ["none"],
    requestBody: {
      schema: authorizeQuerySchema,
      contentType: "application/x-www-form-urlencoded",
      examples: {
        signIn: {
          summary: "A sign-in with PKCE",
          value: {
            client_id: "3f2a9c1e7b5d4f60a8e2c4b6d8f0a1b2",
            redirect_uri: "https://partner.example/callback",
            response_type: "code",
            scope: "openid phone",
            state: "af0ifjsldkj",
            code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            code_challenge_method: "S256",
          },
        },
      },
    },
    responses: {
      302: { description: "As for GET", headers: { Location: { description: "Where the browser goes next" } } },
      400: { description: "As for GET: an error page (HTML)", contentType: "text/html" },
    },
  },
];
