// One OpenAPI operation, described by the same zod schemas its route parses with. Each capability
// lists its operations in `lib/<capability>/openapi.ts`; `lib/openapi/operations.ts` collects them.
// A schema with `.meta({ id: "Name" })` becomes `components/schemas/Name` (ids are unique across
// capabilities); `.meta({ description, examples })` on fields shows in the reference. Requests are
// documented as their input (before transforms), responses as their output. Error responses
// without a schema use the shared Error schema; give them an `example` built from the real error
// (`new ProductError("code").toJSON()`, `validationErrorExample(schema, badInput)`).
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** How the caller authenticates: partner HTTP Basic, a client_credentials Bearer token, a user's Bearer token, or nothing. */
export type ApiSecurity = "partnerBasic" | "partnerBearer" | "userBearer" | "none";

/** A named example (OpenAPI Example Object): several per body, e.g. one per grant type. */
export interface ApiExample {
  summary?: string;
  value: unknown;
}

export interface ApiHeader {
  description: string;
  schema?: z.ZodType;
}

export interface ApiResponse {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  example?: unknown;
  examples?: Record<string, ApiExample>;
  headers?: Record<string, ApiHeader>;
}

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/user_intent/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: ApiSecurity[];
  /** OAuth scopes a `userBearer` token must carry (documented on the oauth2 requirement). */
  scopes?: string[];
  params?: { path?: z.ZodObject; query?: z.ZodObject };
  requestBody?: {
    schema: z.ZodType;
    contentType?: string;
    example?: unknown;
    examples?: Record<string, ApiExample>;
    required?: boolean;
  };
  /** Keyed by HTTP status. Error answers use the shared `{error, error_description}` shape. */
  responses: Record<number, ApiResponse>;
}
