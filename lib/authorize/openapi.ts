// GET /login/oauth/authorize for the OpenAPI document: a browser redirect, not a JSON API.
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
];
